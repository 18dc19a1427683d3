-- Unique indexes of tables distributed by school include school_id
-- (issue 20, docs/scale-out.md: Citus enforces a unique index only when it
-- holds the distribution column). A class and a meal order belong to one
-- school, so the rows these indexes allow are the same; school_id comes
-- last, so lookups by class or order still use them.
DROP INDEX conversation_class;
CREATE UNIQUE INDEX conversation_class ON conversation(class_id, school_id) WHERE class_id IS NOT NULL;
DROP INDEX meal_ledger_refund;
CREATE UNIQUE INDEX meal_ledger_refund ON meal_ledger(order_id, school_id) WHERE kind = 'refund';
DROP INDEX meal_ledger_charge;
CREATE UNIQUE INDEX meal_ledger_charge ON meal_ledger(order_id, school_id) WHERE kind = 'charge';
