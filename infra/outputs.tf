# Everything the portal needs (PORTAL_BACKEND=aws), by the name of its setting.

output "portal_env" {
  description = "Environment of the portal: copy into its configuration. No secret in it: the portal logs in to the database with IAM tokens."
  value = {
    PORTAL_BACKEND           = "aws"
    AWS_REGION               = local.region
    LAKE_BUCKET              = aws_s3_bucket.this["lake"].id
    STATE_MACHINE_ARN        = aws_sfn_state_machine.pipeline.arn
    ATHENA_WORKGROUP         = aws_athena_workgroup.main.name
    ATHENA_DATABASE          = aws_glue_catalog_database.lake.name
    GLUE_DATABASE            = aws_glue_catalog_database.lake.name
    GLUE_LOG_GROUP           = local.glue_output_log_group
    GLUE_ERROR_LOG_GROUP     = local.glue_error_log_group
    BUSINESS_TIMEZONE        = var.business_timezone
    APP_URL                  = var.portal_origin
    QUICKSIGHT_DASHBOARD_URL = var.quicksight_dashboard_url
    DATABASE_URL             = "postgresql://${var.db_portal_username}@${aws_rds_cluster.main.endpoint}:${aws_rds_cluster.main.port}/${var.db_name}?sslmode=verify-full"
    DATABASE_AUTH            = "rds-iam"
    DATABASE_CA              = "rds"
  }
}

output "lake_bucket" {
  description = "LAKE_BUCKET: the lake (raw/, processed/, curated/)."
  value       = aws_s3_bucket.this["lake"].id
}

output "state_machine_arn" {
  description = "STATE_MACHINE_ARN"
  value       = aws_sfn_state_machine.pipeline.arn
}

output "athena_workgroup" {
  description = "ATHENA_WORKGROUP"
  value       = aws_athena_workgroup.main.name
}

output "glue_database" {
  description = "GLUE_DATABASE and ATHENA_DATABASE"
  value       = aws_glue_catalog_database.lake.name
}

output "athena_results_bucket" {
  description = "Where Athena writes results (enforced by the workgroup)."
  value       = aws_s3_bucket.this["results"].id
}

output "artifacts_bucket" {
  description = "Glue runner, job SQL and optional wheels."
  value       = aws_s3_bucket.this["artifacts"].id
}

output "glue_job_names" {
  description = "The three Glue jobs."
  value       = { for k, j in aws_glue_job.job : k => j.name }
}

output "db_endpoint" {
  description = "Database host:port (private; Aurora Serverless v2, resumes on the first connection)."
  value       = "${aws_rds_cluster.main.endpoint}:${aws_rds_cluster.main.port}"
}

output "db_cluster_arn" {
  description = "For the RDS Data API (the one-time user setup)."
  value       = aws_rds_cluster.main.arn
}

output "db_master_secret_arn" {
  description = "Secrets Manager secret with the master user's generated password (administration and the one-time setup only)."
  value       = aws_rds_cluster.main.master_user_secret[0].secret_arn
}

output "db_setup_sql" {
  description = "Run once as the master user, one statement at a time (README, Once after the first apply): the portal's and job 3's users and the analytics schema."
  value       = local.db_setup_sql
}

output "portal_role_arn" {
  description = "Role the portal runs as (ECS task role, instance profile role, App Runner instance role)."
  value       = aws_iam_role.portal.arn
}

output "portal_security_group_id" {
  description = "Attach to the portal so it reaches RDS."
  value       = aws_security_group.portal.id
}

output "start_run_dead_letter_queue_url" {
  description = "Manifests whose run could not be started land here."
  value       = aws_sqs_queue.start_run_dlq.id
}

output "quicksight_data_source_arn" {
  description = "QuickSight Athena data source (when enabled)."
  value       = var.enable_quicksight ? aws_quicksight_data_source.athena[0].arn : null
}
