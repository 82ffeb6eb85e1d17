resource "aws_security_group" "endpoint" {
  name        = "${var.name}-elasticsearch"
  description = "Elastic Cloud PrivateLink endpoint: 443 from the services only"
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "clients" {
  for_each = var.client_security_group_ids

  security_group_id            = aws_security_group.endpoint.id
  referenced_security_group_id = each.value
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  description                  = "${each.key} to Elasticsearch"
}

resource "aws_vpc_endpoint" "elastic" {
  vpc_id              = var.vpc_id
  service_name        = var.privatelink_service_name
  vpc_endpoint_type   = "Interface"
  subnet_ids          = var.subnet_ids
  security_group_ids  = [aws_security_group.endpoint.id]
  private_dns_enabled = true
}

# Only traffic through this VPC's endpoint reaches the deployment; there is no public access.
resource "ec_deployment_traffic_filter" "vpce" {
  name   = "${var.name}-vpce"
  region = var.ec_region
  type   = "vpce"

  rule {
    source = aws_vpc_endpoint.elastic.id
  }
}

# Elastic Cloud encrypts every deployment's data at rest; there is no switch to turn it off.
resource "ec_deployment" "this" {
  name                   = var.name
  region                 = var.ec_region
  version                = var.elasticsearch_version
  deployment_template_id = var.deployment_template_id
  traffic_filter         = [ec_deployment_traffic_filter.vpce.id]

  elasticsearch = {
    hot = {
      zone_count  = var.zone_count
      autoscaling = {}
    }
  }

  kibana = {}
}

resource "aws_secretsmanager_secret" "credentials" {
  name        = "${var.name}/elasticsearch"
  description = "Elasticsearch user and password of ${var.name} (JSON: username, password)"
  kms_key_id  = var.kms_key_arn
}

resource "aws_secretsmanager_secret_version" "credentials" {
  secret_id = aws_secretsmanager_secret.credentials.id
  secret_string = jsonencode({
    username = ec_deployment.this.elasticsearch_username
    password = ec_deployment.this.elasticsearch_password
  })
}
