# Security groups: RDS accepts PostgreSQL only from Glue job 3, the portal and an optional admin range.

resource "aws_security_group" "glue" {
  name        = "${local.prefix}-glue"
  description = "Glue job 3 network interfaces"
  vpc_id      = var.vpc_id
}

# Glue requires a self-referencing rule on the connection's group.
resource "aws_vpc_security_group_ingress_rule" "glue_self" {
  security_group_id            = aws_security_group.glue.id
  referenced_security_group_id = aws_security_group.glue.id
  ip_protocol                  = "tcp"
  from_port                    = 0
  to_port                      = 65535
  description                  = "Glue workers talk to each other"
}

resource "aws_vpc_security_group_egress_rule" "glue_self" {
  security_group_id            = aws_security_group.glue.id
  referenced_security_group_id = aws_security_group.glue.id
  ip_protocol                  = "tcp"
  from_port                    = 0
  to_port                      = 65535
  description                  = "Glue workers talk to each other"
}

resource "aws_vpc_security_group_egress_rule" "glue_to_rds" {
  security_group_id            = aws_security_group.glue.id
  referenced_security_group_id = aws_security_group.rds.id
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  description                  = "Load the analytics schema"
}

resource "aws_vpc_security_group_egress_rule" "glue_https" {
  security_group_id = aws_security_group.glue.id
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  description       = "S3 through the gateway endpoint (and PyPI when the subnet has a NAT)"
}

resource "aws_security_group" "portal" {
  name        = "${local.prefix}-portal"
  description = "The portal (attach to its tasks or instances)"
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_egress_rule" "portal_https" {
  security_group_id = aws_security_group.portal.id
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  description       = "AWS APIs and presigned-URL signing"
}

resource "aws_vpc_security_group_egress_rule" "portal_to_rds" {
  security_group_id            = aws_security_group.portal.id
  referenced_security_group_id = aws_security_group.rds.id
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  description                  = "App database"
}

resource "aws_security_group" "rds" {
  name        = "${local.prefix}-rds"
  description = "PostgreSQL of the portal and the analytics schema"
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "rds_from_glue" {
  security_group_id            = aws_security_group.rds.id
  referenced_security_group_id = aws_security_group.glue.id
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  description                  = "Glue job 3"
}

resource "aws_vpc_security_group_ingress_rule" "rds_from_portal" {
  # Keys known at plan time (for_each cannot key on ids that exist only after apply); the values may be.
  for_each                     = merge({ portal = aws_security_group.portal.id }, { for i, id in var.portal_security_group_ids : "extra-${i}" => id })
  security_group_id            = aws_security_group.rds.id
  referenced_security_group_id = each.value
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  description                  = "Portal"
}

resource "aws_vpc_security_group_ingress_rule" "rds_from_admin" {
  count             = var.admin_cidr == "" ? 0 : 1
  security_group_id = aws_security_group.rds.id
  cidr_ipv4         = var.admin_cidr
  ip_protocol       = "tcp"
  from_port         = 5432
  to_port           = 5432
  description       = "Administrators"
}

# Job 3 runs in a private subnet without NAT: Glue refuses to start it unless the subnet's route table
# reaches S3 through a gateway endpoint (free). Either one is created on the given route tables, or the
# VPC's existing one is looked up and must serve all of them (a second endpoint on a table fails).
resource "aws_vpc_endpoint" "s3" {
  count             = var.s3_gateway_endpoint == "create" ? 1 : 0
  vpc_id            = var.vpc_id
  service_name      = "com.amazonaws.${local.region}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = var.private_route_table_ids
}

data "aws_vpc_endpoint" "s3" {
  count        = var.s3_gateway_endpoint == "existing" ? 1 : 0
  vpc_id       = var.vpc_id
  service_name = "com.amazonaws.${local.region}.s3"
  filter {
    name   = "vpc-endpoint-type"
    values = ["Gateway"]
  }
  lifecycle {
    postcondition {
      condition     = length(setsubtract(var.private_route_table_ids, self.route_table_ids)) == 0
      error_message = "The VPC's S3 gateway endpoint is not on every route table of private_route_table_ids: add them to it, or use s3_gateway_endpoint = \"create\" on tables without one."
    }
  }
}
