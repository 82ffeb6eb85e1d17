resource "aws_security_group" "this" {
  name        = var.name
  description = var.public ? "${var.name}: HTTPS 443 from the internet" : "${var.name}: internal listener"
  vpc_id      = var.vpc_id
}

# The only internet ingress besides the media edges' UDP port.
resource "aws_vpc_security_group_ingress_rule" "https_public" {
  count = var.public ? 1 : 0

  security_group_id = aws_security_group.this.id
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  description       = "clients (HTTPS, WebSocket upgrades)"
}

resource "aws_vpc_security_group_ingress_rule" "internal" {
  for_each = var.public ? {} : var.client_security_group_ids

  security_group_id            = aws_security_group.this.id
  referenced_security_group_id = each.value
  ip_protocol                  = "tcp"
  from_port                    = var.listener_port
  to_port                      = var.listener_port
  description                  = "${each.key} to ${var.name}"
}

resource "aws_vpc_security_group_egress_rule" "targets" {
  security_group_id = aws_security_group.this.id
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = var.target_port
  to_port           = var.target_port
  description       = "to the targets"
}

# An ALB passes WebSocket upgrades through on HTTP/1.1; no stickiness: a client RESUMEs on any gateway node.
resource "aws_lb" "this" {
  name                       = var.name
  load_balancer_type         = "application"
  internal                   = !var.public
  subnets                    = var.subnet_ids
  security_groups            = [aws_security_group.this.id]
  idle_timeout               = var.idle_timeout_seconds
  drop_invalid_header_fields = true
  enable_deletion_protection = var.deletion_protection
}

resource "aws_lb_target_group" "this" {
  name                 = var.name
  vpc_id               = var.vpc_id
  target_type          = "ip"
  protocol             = "HTTP"
  port                 = var.target_port
  deregistration_delay = 30

  health_check {
    path                = var.health_check_path
    matcher             = "200"
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }
}

resource "aws_lb_listener" "this" {
  load_balancer_arn = aws_lb.this.arn
  port              = var.listener_port
  protocol          = var.public ? "HTTPS" : "HTTP"
  certificate_arn   = var.certificate_arn
  ssl_policy        = var.public ? "ELBSecurityPolicy-TLS13-1-2-2021-06" : null

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this.arn
  }
}
