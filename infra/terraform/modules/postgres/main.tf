resource "aws_security_group" "this" {
  name        = "${var.name}-postgres"
  description = "RDS PostgreSQL: 5432 from the services only"
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "clients" {
  for_each = var.client_security_group_ids

  security_group_id            = aws_security_group.this.id
  referenced_security_group_id = each.value
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  description                  = "${each.key} to PostgreSQL"
}

resource "aws_db_subnet_group" "this" {
  name       = var.name
  subnet_ids = var.subnet_ids
}

resource "aws_db_instance" "this" {
  identifier                  = var.name
  engine                      = "postgres"
  engine_version              = var.engine_version
  instance_class              = var.instance_class
  db_name                     = "roomcast"
  username                    = "roomcast"
  manage_master_user_password = true
  allocated_storage           = var.allocated_storage_gib
  max_allocated_storage       = var.max_allocated_storage_gib
  storage_type                = "gp3"
  storage_encrypted           = true
  multi_az                    = var.multi_az
  db_subnet_group_name        = aws_db_subnet_group.this.name
  vpc_security_group_ids      = [aws_security_group.this.id]
  publicly_accessible         = false
  backup_retention_period     = var.backup_retention_days
  deletion_protection         = var.deletion_protection
  skip_final_snapshot         = !var.deletion_protection
  final_snapshot_identifier   = "${var.name}-final"
  copy_tags_to_snapshot       = true
  auto_minor_version_upgrade  = true
}
