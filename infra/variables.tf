variable "region" {
  description = "AWS region of the deployment."
  type        = string
  default     = "eu-west-1"
}

variable "name_prefix" {
  description = "Prefix of every resource name (lower case, digits and dashes)."
  type        = string
  default     = "shoplake"
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.name_prefix))
    error_message = "name_prefix: 2-21 characters, lower case letters, digits and dashes, starting with a letter."
  }
}

variable "environment" {
  description = "Environment tag (prod, staging…)."
  type        = string
  default     = "prod"
}

variable "portal_origin" {
  description = "Origin of the portal (scheme://host[:port]); the only origin the lake's CORS allows for browser uploads."
  type        = string
  validation {
    condition     = can(regex("^https?://[^/]+$", var.portal_origin))
    error_message = "portal_origin must look like https://portal.example.com (no path, no trailing slash)."
  }
}

variable "business_timezone" {
  description = "IANA time zone of the business (BUSINESS_TIMEZONE of the portal and the jobs)."
  type        = string
  default     = "UTC"
}

# --- network (RDS and Glue job 3 live in private subnets of an existing VPC) ---

variable "vpc_id" {
  description = "VPC for RDS, the Glue connection of job 3 and the portal."
  type        = string
}

variable "private_subnet_ids" {
  description = "At least two private subnets in different availability zones (RDS subnet group); the first also hosts Glue job 3."
  type        = list(string)
  validation {
    condition     = length(var.private_subnet_ids) >= 2
    error_message = "RDS needs private subnets in at least two availability zones."
  }
}

variable "private_route_table_ids" {
  description = "Route tables of the private subnets: an S3 gateway endpoint is added to them so Glue job 3 reaches the lake without a NAT. Empty: none is created."
  type        = list(string)
  default     = []
}

variable "portal_security_group_ids" {
  description = "Security groups of an existing portal deployment allowed to reach RDS (a portal group is also created)."
  type        = list(string)
  default     = []
}

variable "admin_cidr" {
  description = "Optional CIDR (e.g. a bastion or VPN range) allowed to reach RDS on 5432. Empty: none."
  type        = string
  default     = ""
  validation {
    condition     = var.admin_cidr == "" || can(cidrhost(var.admin_cidr, 0))
    error_message = "admin_cidr must be empty or a CIDR block."
  }
}

variable "portal_assume_role_services" {
  description = "AWS services allowed to assume the portal role (where the portal runs)."
  type        = list(string)
  default     = ["ecs-tasks.amazonaws.com", "ec2.amazonaws.com", "tasks.apprunner.amazonaws.com"]
}

# --- RDS ---

variable "db_instance_class" {
  description = "RDS instance class; the reference volume fits the smallest Graviton class."
  type        = string
  default     = "db.t4g.micro"
}

variable "db_allocated_storage" {
  description = "RDS storage in GiB (gp3)."
  type        = number
  default     = 20
}

variable "db_engine_version" {
  description = "PostgreSQL major version."
  type        = string
  default     = "16"
}

variable "db_name" {
  description = "Database name (the app's tables and the analytics schema)."
  type        = string
  default     = "shoplake"
}

variable "db_username" {
  description = "Master user; its password is generated and kept in Secrets Manager by RDS."
  type        = string
  default     = "shoplake_admin"
}

variable "db_loader_username" {
  description = "Database user Glue job 3 connects as, with IAM authentication (no stored password)."
  type        = string
  default     = "glue_loader"
}

variable "db_deletion_protection" {
  description = "Protects the database from terraform destroy."
  type        = bool
  default     = true
}

variable "db_backup_retention_days" {
  description = "Automated backup retention (days)."
  type        = number
  default     = 7
}

# --- working hours: RDS runs Monday to Friday only ---

variable "working_hours_timezone" {
  description = "Time zone of the working-hours schedule (IANA name)."
  type        = string
  default     = "Europe/Paris"
}

variable "working_hours_start_cron" {
  description = "EventBridge Scheduler cron for starting RDS."
  type        = string
  default     = "cron(0 7 ? * MON-FRI *)"
}

variable "working_hours_stop_cron" {
  description = "EventBridge Scheduler cron for stopping RDS."
  type        = string
  default     = "cron(0 20 ? * MON-FRI *)"
}

# --- Glue jobs ---

variable "glue_job_timeout_minutes" {
  description = "Timeout of each Glue job run."
  type        = number
  default     = 30
  validation {
    condition     = var.glue_job_timeout_minutes >= 1 && var.glue_job_timeout_minutes <= 2880
    error_message = "glue_job_timeout_minutes must be between 1 and 2880."
  }
}

variable "glue_max_retries" {
  description = "Glue's own retries of a failed job run (the state machine retries transient errors too)."
  type        = number
  default     = 1
}

variable "glue_python_modules" {
  description = "--additional-python-modules of jobs 1 and 2 (pip spec or s3:// wheel)."
  type        = string
  default     = "duckdb==1.1.3"
}

variable "glue_job3_python_modules" {
  description = "--additional-python-modules of job 3, which runs in the private subnet: without a NAT, upload the duckdb wheel (cp39 manylinux x86_64) to the artifacts bucket and give its s3:// path here."
  type        = string
  default     = "duckdb==1.1.3"
}

# --- Athena ---

variable "athena_bytes_scanned_cutoff" {
  description = "Per-query scan limit of the Athena workgroup, in bytes (10 MB minimum)."
  type        = number
  default     = 1073741824
  validation {
    condition     = var.athena_bytes_scanned_cutoff >= 10485760
    error_message = "Athena's minimum bytes-scanned cutoff is 10 MB."
  }
}

variable "athena_result_retention_days" {
  description = "Days Athena query results are kept."
  type        = number
  default     = 7
}

# --- lake lifecycle ---

variable "raw_infrequent_access_days" {
  description = "Raw files move to STANDARD_IA after this many days."
  type        = number
  default     = 30
}

variable "noncurrent_version_retention_days" {
  description = "Days an overwritten or deleted raw object version is kept."
  type        = number
  default     = 90
}

variable "reports_retention_days" {
  description = "Days run reports and quarantined rows are kept."
  type        = number
  default     = 365
}

variable "log_retention_days" {
  description = "CloudWatch Logs retention of the state machine, Lambdas and Glue jobs."
  type        = number
  default     = 30
}

variable "kms_key_arn" {
  description = "Optional customer managed KMS key for the buckets (SSE-KMS with bucket keys). Empty: SSE-S3."
  type        = string
  default     = ""
}

# --- QuickSight ---

variable "enable_quicksight" {
  description = "Create the QuickSight Athena data source (the account must be subscribed to QuickSight)."
  type        = bool
  default     = false
}

variable "quicksight_principal_arn" {
  description = "QuickSight user or group ARN given access to the data source."
  type        = string
  default     = ""
}

variable "quicksight_service_role_name" {
  description = "QuickSight's service role, given read access to the curated layer and the workgroup."
  type        = string
  default     = "aws-quicksight-service-role-v0"
}

variable "quicksight_dashboard_url" {
  description = "Link the portal shows to managers (QUICKSIGHT_DASHBOARD_URL). Optional."
  type        = string
  default     = ""
}
