locals {
  image = { for service in ["ingress-ws", "room-state-stream", "ranking-stream", "notification-worker", "search-indexer", "media-edge"] :
    service => "${var.image_registry}/${service}:${var.image_tag}"
  }
}

module "platform" {
  source = "../../modules/platform"

  name                    = "roomcast-prod"
  vpc_cidr_block          = "10.20.0.0/16"
  single_nat_gateway      = false
  deletion_protection     = true
  gateway_certificate_arn = var.gateway_certificate_arn
  kafka_admin_cidr_blocks = var.kafka_admin_cidr_blocks

  kafka = {
    broker_count         = 6
    broker_instance_type = "kafka.m7g.large"
    volume_size_gib      = 500
    max_volume_size_gib  = 4000
  }

  redis = {
    node_type          = "cache.r7g.large"
    shards             = 3
    replicas_per_shard = 1
  }

  postgres = {
    instance_class        = "db.r7g.large"
    multi_az              = true
    backup_retention_days = 14
  }

  elasticsearch = {
    ec_region                = "aws-eu-west-1"
    zone_count               = 3
    privatelink_service_name = var.elastic_privatelink_service_name
  }

  images = merge(local.image, { schema-registry = "quay.io/apicurio/apicurio-registry:3.3.3" })

  # Tasks per service: the Streams apps' tasks share the 12 room partitions (at most 12 busy tasks).
  services = {
    ingress-ws          = { desired_count = 3, cpu = 1024, memory_mib = 2048 }
    room-state-stream   = { desired_count = 3, cpu = 1024, memory_mib = 2048 }
    ranking-stream      = { desired_count = 3, cpu = 1024, memory_mib = 2048 }
    notification-worker = { desired_count = 2, cpu = 512, memory_mib = 1024 }
    search-indexer      = { desired_count = 2, cpu = 512, memory_mib = 1024 }
    schema-registry     = { desired_count = 2, cpu = 512, memory_mib = 1024 }
  }

  media_edges = {
    ami_id        = var.media_edge_ami_id
    instance_type = "c7gn.xlarge"
    min_size      = 3
    max_size      = 40
  }
}
