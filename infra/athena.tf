# Athena workgroup of the portal and QuickSight: results encrypted in their own bucket, a scan limit
# per query, and the workgroup's settings enforced over the clients'.
resource "aws_athena_workgroup" "main" {
  name          = local.prefix
  force_destroy = true

  configuration {
    enforce_workgroup_configuration    = true
    publish_cloudwatch_metrics_enabled = true
    bytes_scanned_cutoff_per_query     = var.athena_bytes_scanned_cutoff

    engine_version {
      selected_engine_version = "Athena engine version 3"
    }

    result_configuration {
      output_location = "s3://${aws_s3_bucket.this["results"].id}/athena/"
      encryption_configuration {
        encryption_option = var.kms_key_arn == "" ? "SSE_S3" : "SSE_KMS"
        kms_key_arn       = var.kms_key_arn == "" ? null : var.kms_key_arn
      }
    }
  }
}
