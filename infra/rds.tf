# The database: Aurora PostgreSQL Serverless v2 that pauses at 0 ACU after a few idle minutes and
# resumes on the next connection (≈ 15 s). The portal's tables (users, uploads, runs) and the
# analytics schema answer at any hour while an idle month costs storage only (README, "Monthly cost").
# Encrypted, private, TLS only; the portal and Glue job 3 log in with IAM tokens as their own users;
# the master password is generated and rotated by RDS in Secrets Manager (administration only).

resource "aws_db_subnet_group" "main" {
  name       = "${local.prefix}-db"
  subnet_ids = var.private_subnet_ids
}

resource "aws_rds_cluster_parameter_group" "main" {
  name   = "${local.prefix}-aurora-postgresql${split(".", var.db_engine_version)[0]}"
  family = "aurora-postgresql${split(".", var.db_engine_version)[0]}"
  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }
  parameter {
    name  = "log_min_duration_statement"
    value = "2000"
  }
}

resource "aws_rds_cluster" "main" {
  cluster_identifier                  = "${local.prefix}-db"
  engine                              = "aurora-postgresql"
  engine_mode                         = "provisioned"
  engine_version                      = var.db_engine_version
  database_name                       = var.db_name
  master_username                     = var.db_username
  manage_master_user_password         = true
  iam_database_authentication_enabled = true
  storage_encrypted                   = true
  kms_key_id                          = var.kms_key_arn == "" ? null : var.kms_key_arn
  db_subnet_group_name                = aws_db_subnet_group.main.name
  vpc_security_group_ids              = [aws_security_group.rds.id]
  db_cluster_parameter_group_name     = aws_rds_cluster_parameter_group.main.name
  backup_retention_period             = var.db_backup_retention_days
  copy_tags_to_snapshot               = true
  deletion_protection                 = var.db_deletion_protection
  skip_final_snapshot                 = false
  final_snapshot_identifier           = "${local.prefix}-db-final"
  enabled_cloudwatch_logs_exports     = ["postgresql"]
  # The RDS Data API: the one-time user setup runs from the operator's shell, no bastion needed.
  enable_http_endpoint = true
  apply_immediately    = false

  serverlessv2_scaling_configuration {
    min_capacity             = 0
    max_capacity             = var.db_max_capacity
    seconds_until_auto_pause = var.db_seconds_until_auto_pause
  }
}

resource "aws_rds_cluster_instance" "main" {
  identifier                   = "${local.prefix}-db-1"
  cluster_identifier           = aws_rds_cluster.main.id
  instance_class               = "db.serverless"
  engine                       = aws_rds_cluster.main.engine
  engine_version               = aws_rds_cluster.main.engine_version
  db_subnet_group_name         = aws_db_subnet_group.main.name
  publicly_accessible          = false
  auto_minor_version_upgrade   = true
  performance_insights_enabled = false
}

locals {
  # IAM authentication: rds-db:connect on the cluster's resource id and the user name.
  db_user_arn = { for k, u in { portal = var.db_portal_username, loader = var.db_loader_username } : k => "arn:${local.partition}:rds-db:${local.region}:${local.account}:dbuser:${aws_rds_cluster.main.cluster_resource_id}/${u}" }
  # Run once as the master user (README, "Once after the first apply"): the portal and job 3 users,
  # and the analytics schema job 3 creates its tables in. Also tests/infra/db-setup.test.ts.
  db_setup_sql = [for s in split(";", replace(templatefile("${path.module}/db-setup.sql", {
    db_name     = var.db_name
    portal_user = var.db_portal_username
    loader_user = var.db_loader_username
  }), "/--[^\n]*/", "")) : trimspace(s) if trimspace(s) != ""]
}
