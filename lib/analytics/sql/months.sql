SELECT DISTINCT month FROM {{mart_kpis}} ORDER BY month DESC
