-- Employees (SPEC §2.2): the current employee of each emp_id (the rows
-- are loaded by the intake, src/pg/intake_employee.cpp).

CREATE OR REPLACE VIEW hrlake.v_employee_current AS
SELECT DISTINCT ON (e.emp_id) e.emp_id, e.name, e.age, e.loaded_at, e.batch_id
FROM hrlake.employee e
ORDER BY e.emp_id, e.batch_id DESC, e.line_no DESC;
