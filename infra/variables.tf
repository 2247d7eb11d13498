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
  description = "Route tables of the private subnets (at least the Glue subnet's, the first of private_subnet_ids): Glue job 3 reaches S3 through a gateway endpoint on them, there is no NAT."
  type        = list(string)
  validation {
    condition     = length(var.private_route_table_ids) > 0
    error_message = "Glue refuses to start a job in a subnet without a route to S3: give the private subnets' route tables."
  }
}

variable "s3_gateway_endpoint" {
  description = "create: add an S3 gateway endpoint to private_route_table_ids. existing: the VPC already has one on those route tables (a second one on the same tables fails); it is looked up and checked."
  type        = string
  default     = "create"
  validation {
    condition     = contains(["create", "existing"], var.s3_gateway_endpoint)
    error_message = "s3_gateway_endpoint must be create or existing."
  }
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

# --- database: Aurora PostgreSQL Serverless v2, paused at 0 ACU when idle ---

variable "db_engine_version" {
  description = "Aurora PostgreSQL version; pausing at 0 ACU needs 16.3+, 15.7+, 14.12+ or 13.15+."
  type        = string
  default     = "16.6"
}

variable "db_max_capacity" {
  description = "Most Aurora capacity units (ACU) the database scales to; the reference volume needs 1."
  type        = number
  default     = 1
  validation {
    condition     = var.db_max_capacity >= 1 && var.db_max_capacity <= 256
    error_message = "db_max_capacity must be between 1 and 256 ACU."
  }
}

variable "db_seconds_until_auto_pause" {
  description = "Seconds without connections before the database pauses (0 ACU: storage is all it costs)."
  type        = number
  default     = 300
  validation {
    condition     = var.db_seconds_until_auto_pause >= 300 && var.db_seconds_until_auto_pause <= 86400
    error_message = "Aurora pauses after 300 to 86400 seconds without connections."
  }
}

variable "db_name" {
  description = "Database name (the app's tables and the analytics schema)."
  type        = string
  default     = "shoplake"
}

variable "db_username" {
  description = "Master user, for administration only; its password is generated and kept in Secrets Manager by RDS."
  type        = string
  default     = "shoplake_admin"
}

variable "db_portal_username" {
  description = "Database user the portal connects as, with IAM authentication (no stored password)."
  type        = string
  default     = "shoplake_portal"
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

# --- Glue jobs ---

variable "glue_version" {
  description = "Glue version of the three jobs (Spark type, Python 3.11): see infra/supported-runtimes.json."
  type        = string
  default     = "5.0"
  validation {
    condition     = contains(["5.0", "5.1"], var.glue_version)
    error_message = "glue_version must be 5.0 or 5.1 (Python 3.11); older versions are at or near their end of support."
  }
}

variable "glue_job_timeout_minutes" {
  description = "Timeout of each Glue job run."
  type        = number
  default     = 30
  validation {
    condition     = var.glue_job_timeout_minutes >= 1 && var.glue_job_timeout_minutes <= 2880
    error_message = "glue_job_timeout_minutes must be between 1 and 2880."
  }
}

variable "glue_duckdb_memory_limit" {
  description = "DuckDB's memory limit on the job driver (a G.1X worker has 16 GB; DuckDB spills to its local disk beyond it)."
  type        = string
  default     = "8GB"
  validation {
    condition     = can(regex("^[0-9]+(MB|GB)$", var.glue_duckdb_memory_limit))
    error_message = "glue_duckdb_memory_limit must look like 8GB or 6000MB."
  }
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

variable "held_staging_retention_days" {
  description = "Days a run held by the quality gate keeps its staged month (staging/), so it can still be published anyway."
  type        = number
  default     = 30
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

variable "notify_expected_day" {
  description = "Day of the month by which the previous month must be published; from then an hourly check tells the webhook once that it is missing. null: not watched."
  type        = number
  default     = null
  validation {
    condition     = var.notify_expected_day == null ? true : (var.notify_expected_day >= 1 && var.notify_expected_day <= 28 && floor(var.notify_expected_day) == var.notify_expected_day)
    error_message = "notify_expected_day must be a whole day from 1 to 28, or null."
  }
}

variable "notify_smtp" {
  description = "SMTP server that e-mails operators the same notifications (port 465: TLS; otherwise STARTTLS when offered); null: webhook only."
  type = object({
    host     = string
    port     = number
    user     = optional(string)
    password = optional(string)
    from     = string
    to       = list(string)
  })
  default   = null
  sensitive = true
}

variable "notify_webhook_url" {
  description = "Webhook (Slack-compatible JSON) told of failed, held and retried runs and of a missing month; empty: no webhook (var.notify_smtp may still e-mail)."
  type        = string
  default     = ""
  sensitive   = true
  validation {
    condition     = var.notify_webhook_url == "" || can(regex("^https?://", var.notify_webhook_url))
    error_message = "notify_webhook_url must be an http(s) URL or empty."
  }
}
