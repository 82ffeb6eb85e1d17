# Everything here follows catalog.json, which the build exports from the topic catalog
# (schemas/src/main/java/io/roomcast/schemas/Topics.java): never edit it, never add a topic or ACL by hand.
locals {
  catalog = jsondecode(file("${path.module}/catalog.json"))
}

resource "kafka_topic" "this" {
  for_each = local.catalog.topics

  name               = each.key
  partitions         = each.value.partitions
  replication_factor = var.replication_factor
  config             = each.value.config
}

resource "kafka_acl" "this" {
  for_each = local.catalog.acls

  acl_principal                = each.value.principal
  resource_type                = each.value.resource_type
  resource_pattern_type_filter = each.value.pattern_type
  resource_name                = each.value.resource_name
  acl_operation                = each.value.operation
  acl_permission_type          = "Allow"
  acl_host                     = "*"
}

# One SCRAM user per principal. MSK reads users from secrets named AmazonMSK_* under a customer-managed key.
data "aws_secretsmanager_random_password" "scram" {
  for_each = local.catalog.principals

  password_length     = 40
  exclude_punctuation = true
}

resource "aws_secretsmanager_secret" "scram" {
  for_each = local.catalog.principals

  name        = "AmazonMSK_${var.name}_${each.key}"
  description = "Kafka SCRAM-SHA-512 credentials of ${each.key} (${each.value.kind})"
  kms_key_id  = var.kms_key_arn
}

resource "aws_secretsmanager_secret_version" "scram" {
  for_each = local.catalog.principals

  secret_id = aws_secretsmanager_secret.scram[each.key].id
  secret_string = jsonencode({
    username = each.key
    password = data.aws_secretsmanager_random_password.scram[each.key].random_password
  })

  lifecycle {
    # The first value is generated; later ones come from rotation (README: rotating secrets).
    ignore_changes = [secret_string]
  }
}

resource "aws_msk_scram_secret_association" "this" {
  cluster_arn     = var.cluster_arn
  secret_arn_list = [for principal, secret in aws_secretsmanager_secret.scram : secret.arn]

  depends_on = [aws_secretsmanager_secret_version.scram]
}
