import { expect, test } from "@playwright/test";
import { createAccount, loginAs, snap } from "../support";
import { dropFiles } from "../client-upload/drop-files";

// A month no other journey loads.
const MONTH = "2025-07";

const ORDERS_HEADER = "order_id,customer_id,session_id,order_ts,status,currency,subtotal,discount,shipping,tax,total,payment_method,country,channel,device";
const good = (i: number) => `bo-${i},bc-${i},,2025-07-${String(10 + i).padStart(2, "0")}T12:00:00Z,paid,USD,20.00,0,2.50,0,22.50,"card, visa",US,email,mobile`;
// Four bad rows, one per kind of rule (lines 5, 8, 11, 14 of the file).
const ORDERS = [
  ORDERS_HEADER,
  good(1),
  good(2),
  good(3),
  "bo-bad-status,bc-9,,2025-07-05T09:00:00Z,lost,USD,10,0,0,0,10.00,card,US,email,mobile",
  good(4),
  good(5),
  "bo-bad-ts,bc-9,,07/05/2025 09:00,paid,USD,10,0,0,0,10.00,card,US,email,mobile",
  good(6),
  good(7),
  "bo-bad-month,bc-9,,2025-08-02T09:00:00Z,paid,USD,10,0,0,0,10.00,card,US,email,mobile",
  good(8),
  good(9),
  "bo-bad-total,bc-9,,2025-07-06T09:00:00Z,paid,USD,10,0,0,0,-5.00,card,US,email,mobile",
  good(10),
].join("\r\n");
// No price: a required column (cost is optional since contract v2).
const PRODUCTS_NO_PRICE = "product_id,name,category,cost\np-1,Mug,home,4.50\n";

test("a broken batch shows its errors before upload and its rejects after the run", async ({ page }) => {
  const client = await createAccount("client", "broken");
  await loginAs(page, client);
  await page.goto("/upload");
  await page.getByLabel("Month").fill(MONTH);
  await dropFiles(page, [
    { name: `${MONTH}_orders.csv`, text: ORDERS },
    { name: "products.csv", text: PRODUCTS_NO_PRICE },
    { name: "notes.csv", text: "what,ever\n1,2\n" },
  ]);

  const files = page.getByRole("list", { name: "Selected files" });
  const products = files.getByRole("listitem", { name: "products.csv" });
  const orders = files.getByRole("listitem", { name: `${MONTH}_orders.csv` });
  const notes = files.getByRole("listitem", { name: "notes.csv" });

  // Errors block their own file only.
  await expect(products.getByText("Missing required column for products: price.")).toBeVisible();
  await expect(products.getByText("Blocked", { exact: true })).toBeVisible();
  await expect(notes.getByText(/Can't tell which table this file is/)).toBeVisible();
  // Warnings name the sample problems with their lines; they do not block.
  await expect(orders.getByText("Ready, with warnings")).toBeVisible();
  await expect(orders.getByText(/3 rows of the 14 rows break a rule/)).toBeVisible();
  await expect(orders.getByText(/1 row falls outside 2025-07/)).toBeVisible();
  await orders.getByText(/Problems \(4\)/).click();
  const problems = orders.getByRole("table", { name: `Sample problems in ${MONTH}_orders.csv` });
  await expect(problems.getByRole("row")).toHaveCount(5);
  await expect(problems.getByRole("row").nth(1)).toContainText("5");
  await expect(problems.getByRole("row").nth(1)).toContainText("status");
  await expect(problems).toContainText("-5.00");

  const checklist = page.getByRole("list", { name: "Table checklist" });
  await expect(checklist.locator('[data-table="orders"]')).toHaveAttribute("data-status", "ready");
  await expect(checklist.locator('[data-table="products"]')).toHaveAttribute("data-status", "blocked");
  await expect(page.getByText("2 with errors will be skipped")).toBeVisible();
  await snap(page, "broken-upload-checked");

  // Choosing the table for the unknown file turns its error into a column check.
  await notes.getByLabel("Table for notes.csv").selectOption("reviews");
  await expect(notes.getByText(/Missing required columns for reviews: review_id, rating, review_ts/)).toBeVisible();
  await notes.getByRole("button", { name: "Remove notes.csv" }).click();
  await expect(files.locator(":scope > li")).toHaveCount(2);

  await page.getByRole("button", { name: "Upload", exact: true }).click();
  const run = page.getByRole("region", { name: "Current run" });
  // 4 of 14 orders rejected (over 5 %): the quality gate holds the month, and says why.
  await expect(run.getByTestId("run-status")).toHaveText("Held", { timeout: 120_000 });
  await expect(run.getByTestId("run-held")).toContainText(/orders rejected 4 of 14 rows as bad \(28\.6 %; at most 5\.00 %\)/);
  await expect(page.getByText(/Not sent \(had errors\): products\.csv\./)).toBeVisible();
  await expect(page.getByRole("list", { name: "Files sent" }).getByRole("listitem")).toHaveCount(1);

  // After the run: the four bad rows are quarantined, not lost, and downloadable.
  const rejected = run.getByTestId("rejected-orders");
  await expect(rejected).toHaveAttribute("data-value", "4");
  await expect(run.getByRole("row").filter({ hasText: "orders" })).toContainText(/status|timestamp|month|range|total/i);
  await snap(page, "broken-upload-rejects");

  const csv = await page.request.get((await rejected.getAttribute("href"))!);
  expect(csv.status()).toBe(200);
  const body = await csv.text();
  for (const id of ["bo-bad-status", "bo-bad-ts", "bo-bad-month", "bo-bad-total"]) expect(body).toContain(id);
  expect(body).not.toContain("bo-1,");
});

test("a file whose rows are of another month is not ready: it asks to check the month, and Upload asks first", async ({ page }) => {
  const client = await createAccount("client", "wrong-month");
  await loginAs(page, client);
  await page.goto("/upload");
  // Every row is of July; the batch says August. The month is set after the drop: a month typed before
  // the page had hydrated was lost, and the files' own month (July) suggested in its place.
  await dropFiles(page, [{ name: "orders.csv", text: [ORDERS_HEADER, good(1), good(2), good(3), good(4), good(5)].join("\r\n") }]);
  const orders = page.getByRole("list", { name: "Selected files" }).getByRole("listitem", { name: "orders.csv" });
  await expect(page.getByLabel("Month")).toHaveValue("2025-07");
  await page.getByLabel("Month").fill("2025-08");
  await expect(orders.getByText(/5 rows fall outside 2025-08/)).toBeVisible();
  await expect(orders.getByText("Check the month", { exact: true })).toBeVisible();
  await expect(orders.getByText(/^Ready/)).toHaveCount(0);
  await expect(orders.getByText(/Check the month: these rows belong to another month/)).toBeVisible();
  const checklist = page.getByRole("list", { name: "Table checklist" });
  await expect(checklist.locator('[data-table="orders"]')).toHaveAttribute("data-status", "month");
  await expect(page.getByText("· 1 to check the month")).toBeVisible();
  // Not counted as ready: it is sent only after the question below.
  await expect(page.getByText("0 of 1 file ready")).toBeVisible();
  await snap(page, "upload-wrong-month");

  // Upload asks first and sends nothing until confirmed.
  const starts: string[] = [];
  page.on("request", (r) => {
    if (r.method() === "POST" && new URL(r.url()).pathname === "/api/uploads") starts.push(r.url());
  });
  await page.getByRole("button", { name: "Upload", exact: true }).click();
  const question = page.getByRole("status").filter({ hasText: "Check the month before uploading" });
  await expect(question).toContainText("Most rows of orders.csv are not of 2025-08");
  await snap(page, "upload-wrong-month-question");
  expect(starts).toHaveLength(0);

  // "Upload anyway" sends (stopped here by the test: this journey loads no August).
  await page.route("**/api/uploads", (route) =>
    route.request().method() === "POST" ? route.fulfill({ status: 503, json: { error: { code: "test", message: "Stopped by the test." } } }) : route.fallback(),
  );
  await question.getByRole("button", { name: "Upload anyway" }).click();
  await expect(page.getByText("Stopped by the test.").first()).toBeVisible();
  expect(starts).toHaveLength(1);
  await page.unrouteAll({ behavior: "wait" });

  // The right month: the file is ready, and nothing is asked.
  await page.getByLabel("Month").fill(MONTH);
  await expect(orders.getByText("Ready", { exact: true })).toBeVisible();
  await expect(checklist.locator('[data-table="orders"]')).toHaveAttribute("data-status", "ready");
  await expect(page.getByText("1 of 1 file ready")).toBeVisible();
  await expect(question).toHaveCount(0);
});

test("an upload left open by a reload can be discarded from My uploads", async ({ page }) => {
  const client = await createAccount("client", "discard");
  await loginAs(page, client);
  await page.goto("/upload");
  // A batch opened and never sent, as a tab closed mid-way leaves it.
  const opened = await page.request.post("/api/uploads", {
    data: { month: MONTH, files: [{ fileName: "orders.csv", size: 10, table: "orders", contentType: "text/csv" }] },
  });
  expect(opened.status()).toBe(200);
  const { batchId } = (await opened.json()) as { batchId: string };
  await page.reload();
  const row = page.locator(`tr[data-batch="${batchId}"]`);
  await expect(row).toContainText("Not completed");
  await snap(page, "upload-open-batch-discard");
  await row.getByRole("button", { name: /^Discard/ }).click();
  await expect(row).toContainText("Cancelled");
  await expect(row.getByRole("button", { name: /^Discard/ })).toHaveCount(0);
});
