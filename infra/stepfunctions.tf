# The state machine from the SAME definition file the local runner executes; Terraform only fills
# the names and ARNs.
resource "aws_cloudwatch_log_group" "sfn" {
  name              = "/aws/vendedlogs/states/${local.sfn_name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn == "" ? null : var.kms_key_arn
}

resource "aws_sfn_state_machine" "pipeline" {
  name     = local.sfn_name
  role_arn = aws_iam_role.sfn.arn
  type     = "STANDARD"
  definition = templatefile("${path.module}/state-machine.asl.json", {
    job1_name                    = aws_glue_job.job["job1"].name
    job2_name                    = aws_glue_job.job["job2"].name
    job3_name                    = aws_glue_job.job["job3"].name
    processed_crawler_name       = aws_glue_crawler.processed.name
    curated_crawler_name         = aws_glue_crawler.curated.name
    validate_batch_function_arn  = aws_lambda_function.validate.arn
    quality_gate_function_arn    = aws_lambda_function.gate.arn
    publish_summary_function_arn = aws_lambda_function.publish.arn
  })

  logging_configuration {
    log_destination        = "${aws_cloudwatch_log_group.sfn.arn}:*"
    include_execution_data = true
    level                  = "ALL"
  }

  tracing_configuration {
    enabled = true
  }

  # CreateStateMachine checks that the role may deliver to the log group: the role's policy first.
  depends_on = [aws_iam_role_policy.sfn]
}
