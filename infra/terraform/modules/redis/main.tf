data "aws_secretsmanager_secret_version" "auth_token" {
  secret_id = var.auth_token_secret_arn
}

resource "aws_security_group" "this" {
  name        = "${var.name}-redis"
  description = "ElastiCache Redis: 6379 from the services only"
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "clients" {
  for_each = var.client_security_group_ids

  security_group_id            = aws_security_group.this.id
  referenced_security_group_id = each.value
  ip_protocol                  = "tcp"
  from_port                    = 6379
  to_port                      = 6379
  description                  = "${each.key} to Redis"
}

resource "aws_elasticache_subnet_group" "this" {
  name       = var.name
  subnet_ids = var.subnet_ids
}

# Cluster mode: keys spread over shards by hash slot. Roomcast's room keys carry the room id in braces
# (room:{id}, room:{id}:speakers, ...), so one room's keys share a slot and its scripts stay single-shard.
resource "aws_elasticache_replication_group" "this" {
  replication_group_id       = var.name
  description                = "Roomcast read model, rate limits, edge registry"
  engine                     = "redis"
  engine_version             = var.engine_version
  node_type                  = var.node_type
  parameter_group_name       = "default.redis7.cluster.on"
  cluster_mode               = "enabled"
  num_node_groups            = var.shards
  replicas_per_node_group    = var.replicas_per_shard
  automatic_failover_enabled = true
  multi_az_enabled           = true
  subnet_group_name          = aws_elasticache_subnet_group.this.name
  security_group_ids         = [aws_security_group.this.id]
  at_rest_encryption_enabled = true
  transit_encryption_enabled = true
  auth_token                 = data.aws_secretsmanager_secret_version.auth_token.secret_string
  snapshot_retention_limit   = 0
  apply_immediately          = false
}
