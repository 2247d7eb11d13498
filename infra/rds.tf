# RDS PostgreSQL: small, encrypted, private, TLS only, IAM authentication for the Glue loader; the
# master password is generated and rotated by RDS in Secrets Manager.

resource "aws_db_subnet_group" "main" {
  name       = "${local.prefix}-db"
  subnet_ids = var.private_subnet_ids
}

resource "aws_db_parameter_group" "main" {
  name   = "${local.prefix}-postgres${var.db_engine_version}"
  family = "postgres${var.db_engine_version}"
  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }
  parameter {
    name  = "log_min_duration_statement"
    value = "2000"
  }
}

resource "aws_db_instance" "main" {
  identifier                          = "${local.prefix}-db"
  engine                              = "postgres"
  engine_version                      = var.db_engine_version
  instance_class                      = var.db_instance_class
  allocated_storage                   = var.db_allocated_storage
  storage_type                        = "gp3"
  storage_encrypted                   = true
  kms_key_id                          = var.kms_key_arn == "" ? null : var.kms_key_arn
  db_name                             = var.db_name
  username                            = var.db_username
  manage_master_user_password         = true
  iam_database_authentication_enabled = true
  db_subnet_group_name                = aws_db_subnet_group.main.name
  vpc_security_group_ids              = [aws_security_group.rds.id]
  parameter_group_name                = aws_db_parameter_group.main.name
  publicly_accessible                 = false
  multi_az                            = false
  backup_retention_period             = var.db_backup_retention_days
  copy_tags_to_snapshot               = true
  deletion_protection                 = var.db_deletion_protection
  skip_final_snapshot                 = false
  final_snapshot_identifier           = "${local.prefix}-db-final"
  auto_minor_version_upgrade          = true
  apply_immediately                   = false
  enabled_cloudwatch_logs_exports     = ["postgresql"]
}
