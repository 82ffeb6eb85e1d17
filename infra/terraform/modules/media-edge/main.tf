data "aws_iam_policy_document" "assume_ec2" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "edge" {
  statement {
    actions   = ["secretsmanager:GetSecretValue"]
    resources = distinct([for value in values(var.secrets) : regex("^arn:[^:]+:secretsmanager:[^:]+:[^:]+:secret:[^:]+", value)])
  }

  statement {
    actions   = ["kms:Decrypt"]
    resources = var.secret_kms_key_arns
  }
}

resource "aws_iam_role" "edge" {
  name               = "${var.prefix}-media-edge"
  assume_role_policy = data.aws_iam_policy_document.assume_ec2.json
}

resource "aws_iam_role_policy" "edge" {
  name   = "read-secrets"
  role   = aws_iam_role.edge.id
  policy = data.aws_iam_policy_document.edge.json
}

resource "aws_iam_role_policy_attachment" "ssm" {
  role       = aws_iam_role.edge.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
}

resource "aws_iam_instance_profile" "edge" {
  name = "${var.prefix}-media-edge"
  role = aws_iam_role.edge.name
}

resource "aws_security_group" "edge" {
  name        = "${var.prefix}-media-edge"
  description = "media edges: UDP media port from anywhere, nothing else inbound"
  vpc_id      = var.vpc_id
}

# The only internet ingress besides the gateway's HTTPS: clients and relay edges send RTP/RTCP/STUN/DTLS here.
resource "aws_vpc_security_group_ingress_rule" "media" {
  security_group_id = aws_security_group.edge.id
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "udp"
  from_port         = var.media_port
  to_port           = var.media_port
  description       = "clients and edges to the media port"
}

resource "aws_vpc_security_group_egress_rule" "all" {
  security_group_id = aws_security_group.edge.id
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "-1"
  description       = "media to clients and edges; Kafka, Redis, image pulls"
}

resource "aws_launch_template" "edge" {
  name_prefix   = "${var.prefix}-media-edge-"
  image_id      = var.ami_id
  instance_type = var.instance_type

  iam_instance_profile {
    arn = aws_iam_instance_profile.edge.arn
  }

  network_interfaces {
    associate_public_ip_address = true
    security_groups             = [aws_security_group.edge.id]
  }

  metadata_options {
    http_tokens = "required"
  }

  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      volume_size = 30
      encrypted   = true
    }
  }

  user_data = base64encode(templatefile("${path.module}/user-data.sh.tftpl", {
    image             = var.image
    media_port        = var.media_port
    listener_capacity = var.listener_capacity
    environment       = var.environment
    secrets           = var.secrets
  }))
}

resource "aws_autoscaling_group" "edge" {
  name                = "${var.prefix}-media-edge"
  vpc_zone_identifier = var.subnet_ids
  min_size            = var.min_size
  max_size            = var.max_size
  health_check_type   = "EC2"

  launch_template {
    id      = aws_launch_template.edge.id
    version = "$Latest"
  }

  instance_refresh {
    strategy = "Rolling"

    preferences {
      min_healthy_percentage = 90
    }
  }
}

resource "aws_autoscaling_policy" "cpu" {
  name                   = "${var.prefix}-media-edge-cpu"
  autoscaling_group_name = aws_autoscaling_group.edge.name
  policy_type            = "TargetTrackingScaling"

  target_tracking_configuration {
    target_value = 60

    predefined_metric_specification {
      predefined_metric_type = "ASGAverageCPUUtilization"
    }
  }
}
