# Roomcast on AWS: every module wired together. environments/dev and environments/prod differ only in the
# sizes they pass here (and deletion protection); this file is the one place the components meet.
locals {
  streams_apps = toset(["room-state-stream", "ranking-stream"])

  # Container services, their HTTP port, and what else each reaches (ARCHITECTURE.md, "Modules").
  ports = {
    ingress-ws          = 8080
    room-state-stream   = 8090
    ranking-stream      = 8091
    notification-worker = 8092
    search-indexer      = 8093
    schema-registry     = 8080
  }

  kafka_clients    = merge({ for name, service in module.service : name => service.security_group_id }, { media-edge = module.media_edge.security_group_id })
  redis_clients    = { for name in ["ingress-ws", "room-state-stream", "media-edge"] : name => local.kafka_clients[name] }
  postgres_clients = { for name in ["ingress-ws", "notification-worker"] : name => local.kafka_clients[name] }
  search_clients   = { for name in ["ingress-ws", "search-indexer"] : name => local.kafka_clients[name] }
  registry_clients = { for name, id in local.kafka_clients : name => id if name != "schema-registry" }

  scram = module.kafka_catalog.scram_secret_arns

  # Every Kafka client: TLS and SCRAM on the 9096 listener, user and password from its own secret.
  kafka_environment = {
    KAFKA_BOOTSTRAP_SERVERS = module.kafka.bootstrap_brokers_sasl_scram
    KAFKA_SECURITY_PROTOCOL = "SASL_SSL"
    KAFKA_SASL_MECHANISM    = "SCRAM-SHA-512"
    ROOMCAST_REGISTRY_URL   = "http://${module.registry_lb.dns_name}:8080/apis/registry/v3"
    ROOMCAST_REDIS_URI      = "rediss://${module.redis.configuration_endpoint}:6379"
  }
  kafka_secrets = { for name, arn in local.scram : name => {
    KAFKA_SCRAM_USERNAME = "${arn}:username::"
    KAFKA_SCRAM_PASSWORD = "${arn}:password::"
  } }

  streams_environment = {
    KAFKA_STREAMS_DEFAULT_NUM_STANDBY_REPLICAS = "1"
    KAFKA_STREAMS_DEFAULT_REPLICATION_FACTOR   = tostring(module.kafka.replication_factor)
    KAFKA_STREAMS_DEFAULT_STATE_DIR            = "/tmp/kafka-streams"
  }

  environment = {
    ingress-ws = merge(local.kafka_environment, {
      DATASOURCES_DEFAULT_URL             = "jdbc:postgresql://${module.postgres.endpoint}/roomcast"
      ROOMCAST_ELASTICSEARCH_URL          = module.elasticsearch.https_endpoint
      ROOMCAST_GATEWAY_DEV_TOKENS_ENABLED = "false"
    })
    room-state-stream   = merge(local.kafka_environment, local.streams_environment)
    ranking-stream      = merge(local.kafka_environment, local.streams_environment)
    notification-worker = merge(local.kafka_environment, { DATASOURCES_DEFAULT_URL = "jdbc:postgresql://${module.postgres.endpoint}/roomcast" })
    search-indexer      = merge(local.kafka_environment, { ROOMCAST_ELASTICSEARCH_URL = module.elasticsearch.https_endpoint })
    schema-registry = {
      APICURIO_STORAGE_KIND                       = "kafkasql"
      APICURIO_KAFKASQL_BOOTSTRAP_SERVERS         = module.kafka.bootstrap_brokers_sasl_scram
      APICURIO_KAFKASQL_TOPIC                     = "schema-registry-journal"
      APICURIO_KAFKASQL_SNAPSHOTS_TOPIC           = "schema-registry-snapshots"
      APICURIO_KAFKASQL_CONSUMER_GROUP_PREFIX     = "schema-registry-"
      APICURIO_KAFKA_COMMON_SECURITY_PROTOCOL     = "SASL_SSL"
      APICURIO_KAFKA_COMMON_SASL_MECHANISM        = "SCRAM-SHA-512"
      APICURIO_RULES_DEFAULT_GLOBAL_COMPATIBILITY = "BACKWARD"
      QUARKUS_HTTP_PORT                           = "8080"
    }
  }

  secrets = {
    ingress-ws = merge(local.kafka_secrets["ingress-ws"], {
      ROOMCAST_MEDIA_TOKEN_SECRET        = module.secrets.arns["media-token-secret"]
      ROOMCAST_TURN_SECRET               = module.secrets.arns["turn-secret"]
      ROOMCAST_JWT_SIGNING_KEY           = module.secrets.arns["jwt-signing-key"]
      ROOMCAST_REDIS_PASSWORD            = module.secrets.arns["redis-auth-token"]
      DATASOURCES_DEFAULT_PASSWORD       = "${module.postgres.master_user_secret_arn}:password::"
      ROOMCAST_ELASTICSEARCH_CREDENTIALS = module.elasticsearch.credentials_secret_arn
    })
    room-state-stream   = merge(local.kafka_secrets["room-state-stream"], { ROOMCAST_REDIS_PASSWORD = module.secrets.arns["redis-auth-token"] })
    ranking-stream      = local.kafka_secrets["ranking-stream"]
    notification-worker = merge(local.kafka_secrets["notification-worker"], { DATASOURCES_DEFAULT_PASSWORD = "${module.postgres.master_user_secret_arn}:password::" })
    search-indexer      = merge(local.kafka_secrets["search-indexer"], { ROOMCAST_ELASTICSEARCH_CREDENTIALS = module.elasticsearch.credentials_secret_arn })
    schema-registry = {
      APICURIO_KAFKA_COMMON_SASL_JAAS_CONFIG_USERNAME = "${local.scram["schema-registry"]}:username::"
      APICURIO_KAFKA_COMMON_SASL_JAAS_CONFIG_PASSWORD = "${local.scram["schema-registry"]}:password::"
    }
  }

  load_balancers = {
    ingress-ws      = { target_group_arn = module.gateway_lb.target_group_arn, security_group_id = module.gateway_lb.security_group_id }
    schema-registry = { target_group_arn = module.registry_lb.target_group_arn, security_group_id = module.registry_lb.security_group_id }
  }
}

module "network" {
  source = "../network"

  name               = var.name
  cidr_block         = var.vpc_cidr_block
  single_nat_gateway = var.single_nat_gateway
}

module "kafka" {
  source = "../kafka"

  name                      = var.name
  vpc_id                    = module.network.vpc_id
  subnet_ids                = module.network.private_subnet_ids
  broker_count              = var.kafka.broker_count
  broker_instance_type      = var.kafka.broker_instance_type
  volume_size_gib           = var.kafka.volume_size_gib
  max_volume_size_gib       = var.kafka.max_volume_size_gib
  client_security_group_ids = local.kafka_clients
  admin_cidr_blocks         = var.kafka_admin_cidr_blocks
}

module "kafka_catalog" {
  source = "../kafka-catalog"

  name               = var.name
  cluster_arn        = module.kafka.cluster_arn
  kms_key_arn        = module.kafka.kms_key_arn
  replication_factor = module.kafka.replication_factor
}

module "secrets" {
  source = "../secrets"

  name = var.name
}

module "redis" {
  source = "../redis"

  name                      = var.name
  vpc_id                    = module.network.vpc_id
  subnet_ids                = module.network.private_subnet_ids
  node_type                 = var.redis.node_type
  shards                    = var.redis.shards
  replicas_per_shard        = var.redis.replicas_per_shard
  auth_token_secret_arn     = module.secrets.arns["redis-auth-token"]
  client_security_group_ids = local.redis_clients
}

module "postgres" {
  source = "../postgres"

  name                      = var.name
  vpc_id                    = module.network.vpc_id
  subnet_ids                = module.network.private_subnet_ids
  instance_class            = var.postgres.instance_class
  multi_az                  = var.postgres.multi_az
  backup_retention_days     = var.postgres.backup_retention_days
  deletion_protection       = var.deletion_protection
  client_security_group_ids = local.postgres_clients
}

module "elasticsearch" {
  source = "../elasticsearch"

  name                      = var.name
  ec_region                 = var.elasticsearch.ec_region
  zone_count                = var.elasticsearch.zone_count
  privatelink_service_name  = var.elasticsearch.privatelink_service_name
  vpc_id                    = module.network.vpc_id
  subnet_ids                = module.network.private_subnet_ids
  kms_key_arn               = module.secrets.kms_key_arn
  client_security_group_ids = local.search_clients
}

module "ecs_cluster" {
  source = "../ecs-cluster"

  name = var.name
}

module "gateway_lb" {
  source = "../load-balancer"

  name                = "${var.name}-gateway"
  public              = true
  vpc_id              = module.network.vpc_id
  subnet_ids          = module.network.public_subnet_ids
  listener_port       = 443
  certificate_arn     = var.gateway_certificate_arn
  target_port         = local.ports["ingress-ws"]
  health_check_path   = "/health"
  deletion_protection = var.deletion_protection
}

module "registry_lb" {
  source = "../load-balancer"

  name                      = "${var.name}-registry"
  public                    = false
  vpc_id                    = module.network.vpc_id
  subnet_ids                = module.network.private_subnet_ids
  listener_port             = 8080
  target_port               = local.ports["schema-registry"]
  health_check_path         = "/health/ready"
  client_security_group_ids = local.registry_clients
  deletion_protection       = var.deletion_protection
}

module "service" {
  source   = "../service"
  for_each = local.ports

  name                  = each.key
  prefix                = var.name
  cluster_arn           = module.ecs_cluster.arn
  vpc_id                = module.network.vpc_id
  subnet_ids            = module.network.private_subnet_ids
  image                 = var.images[each.key]
  cpu                   = var.services[each.key].cpu
  memory_mib            = var.services[each.key].memory_mib
  desired_count         = var.services[each.key].desired_count
  container_port        = each.value
  health_check_path     = each.key == "schema-registry" ? "/health/ready" : "/health"
  environment           = local.environment[each.key]
  secrets               = local.secrets[each.key]
  secret_kms_key_arns   = [module.secrets.kms_key_arn, module.kafka.kms_key_arn]
  ephemeral_storage_gib = contains(local.streams_apps, each.key) ? 100 : 21
  load_balancer         = lookup(local.load_balancers, each.key, null)
}

module "media_edge" {
  source = "../media-edge"

  prefix              = var.name
  vpc_id              = module.network.vpc_id
  subnet_ids          = module.network.public_subnet_ids
  ami_id              = var.media_edges.ami_id
  instance_type       = var.media_edges.instance_type
  min_size            = var.media_edges.min_size
  max_size            = var.media_edges.max_size
  image               = var.images["media-edge"]
  environment         = local.kafka_environment
  secret_kms_key_arns = [module.secrets.kms_key_arn, module.kafka.kms_key_arn]
  secrets = {
    KAFKA_SCRAM_CREDENTIALS     = local.scram["media-edge"]
    ROOMCAST_MEDIA_TOKEN_SECRET = module.secrets.arns["media-token-secret"]
    ROOMCAST_REDIS_PASSWORD     = module.secrets.arns["redis-auth-token"]
  }
}
