# One customer-managed key encrypts the brokers' storage and the SCRAM secrets (MSK refuses SCRAM secrets
# under the default Secrets Manager key).
resource "aws_kms_key" "this" {
  description         = "${var.name}: MSK storage and SCRAM secrets"
  enable_key_rotation = true
}

resource "aws_kms_alias" "this" {
  name          = "alias/${var.name}-kafka"
  target_key_id = aws_kms_key.this.key_id
}

resource "aws_security_group" "brokers" {
  name        = "${var.name}-kafka"
  description = "MSK brokers: SASL/SCRAM and IAM listeners from the services only"
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "clients" {
  for_each = { for pair in setproduct(keys(var.client_security_group_ids), [9096, 9098]) : "${pair[0]}-${pair[1]}" => pair }

  security_group_id            = aws_security_group.brokers.id
  referenced_security_group_id = var.client_security_group_ids[each.value[0]]
  ip_protocol                  = "tcp"
  from_port                    = each.value[1]
  to_port                      = each.value[1]
  description                  = "${each.value[0]} to Kafka"
}

resource "aws_vpc_security_group_ingress_rule" "admin" {
  for_each = toset(var.admin_cidr_blocks)

  security_group_id = aws_security_group.brokers.id
  cidr_ipv4         = each.value
  ip_protocol       = "tcp"
  from_port         = 9098
  to_port           = 9098
  description       = "Terraform (kafka provider, IAM) to Kafka"
}

resource "aws_msk_configuration" "this" {
  name           = var.name
  kafka_versions = [var.kafka_version]

  # Topics exist only when Terraform creates them from the catalog; a principal without an ACL gets nothing.
  server_properties = <<-PROPERTIES
    auto.create.topics.enable=false
    allow.everyone.if.no.acl.found=false
    default.replication.factor=${var.default_replication_factor}
    min.insync.replicas=${var.min_insync_replicas}
    offsets.topic.replication.factor=${var.default_replication_factor}
    transaction.state.log.replication.factor=${var.default_replication_factor}
    transaction.state.log.min.isr=${var.min_insync_replicas}
    unclean.leader.election.enable=false
  PROPERTIES
}

resource "aws_msk_cluster" "this" {
  cluster_name           = var.name
  kafka_version          = var.kafka_version
  number_of_broker_nodes = var.broker_count

  broker_node_group_info {
    instance_type   = var.broker_instance_type
    client_subnets  = var.subnet_ids
    security_groups = [aws_security_group.brokers.id]

    storage_info {
      ebs_storage_info {
        volume_size = var.volume_size_gib
      }
    }
  }

  client_authentication {
    unauthenticated = false

    sasl {
      iam   = true
      scram = true
    }
  }

  encryption_info {
    encryption_at_rest_kms_key_arn = aws_kms_key.this.arn

    encryption_in_transit {
      client_broker = "TLS"
      in_cluster    = true
    }
  }

  configuration_info {
    arn      = aws_msk_configuration.this.arn
    revision = aws_msk_configuration.this.latest_revision
  }

  lifecycle {
    # Storage autoscaling grows the volumes; Terraform must not shrink them back.
    ignore_changes = [broker_node_group_info[0].storage_info[0].ebs_storage_info[0].volume_size]
  }
}

resource "aws_appautoscaling_target" "storage" {
  service_namespace  = "kafka"
  scalable_dimension = "kafka:broker-storage:VolumeSize"
  resource_id        = aws_msk_cluster.this.arn
  min_capacity       = 1
  max_capacity       = var.max_volume_size_gib
}

resource "aws_appautoscaling_policy" "storage" {
  name               = "${var.name}-broker-storage"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.storage.service_namespace
  scalable_dimension = aws_appautoscaling_target.storage.scalable_dimension
  resource_id        = aws_appautoscaling_target.storage.resource_id

  target_tracking_scaling_policy_configuration {
    target_value = var.storage_target_utilization

    predefined_metric_specification {
      predefined_metric_type = "KafkaBrokerStorageUtilization"
    }
  }
}
