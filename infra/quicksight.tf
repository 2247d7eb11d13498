# QuickSight reads the curated tables through the Athena workgroup (optional: the account must have
# a QuickSight subscription).
resource "aws_quicksight_data_source" "athena" {
  count          = var.enable_quicksight ? 1 : 0
  data_source_id = "${local.prefix}-athena"
  name           = "${local.prefix} curated lake (Athena)"
  type           = "ATHENA"

  parameters {
    athena {
      work_group = aws_athena_workgroup.main.name
    }
  }

  ssl_properties {
    disable_ssl = false
  }

  dynamic "permission" {
    for_each = var.quicksight_principal_arn == "" ? [] : [var.quicksight_principal_arn]
    content {
      principal = permission.value
      actions = [
        "quicksight:DescribeDataSource", "quicksight:DescribeDataSourcePermissions", "quicksight:PassDataSource",
        "quicksight:UpdateDataSource", "quicksight:DeleteDataSource", "quicksight:UpdateDataSourcePermissions",
      ]
    }
  }

  depends_on = [aws_iam_role_policy_attachment.quicksight]
}
