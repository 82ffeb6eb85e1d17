resource "aws_kms_key" "this" {
  description         = "${var.name}: application secrets"
  enable_key_rotation = true
}

resource "aws_secretsmanager_secret" "this" {
  for_each = merge(var.generated, var.supplied)

  name        = "${var.name}/${each.key}"
  description = each.value
  kms_key_id  = aws_kms_key.this.arn
}

data "aws_secretsmanager_random_password" "generated" {
  for_each = var.generated

  password_length     = 64
  exclude_punctuation = true
}

resource "aws_secretsmanager_secret_version" "generated" {
  for_each = var.generated

  secret_id     = aws_secretsmanager_secret.this[each.key].id
  secret_string = data.aws_secretsmanager_random_password.generated[each.key].random_password

  lifecycle {
    # Generated once; rotated by the runbook, not by every plan.
    ignore_changes = [secret_string]
  }
}
