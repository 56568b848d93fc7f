-- Freight back end: PostgreSQL schema.
-- Areas live in their own schemas; customers and their contacts predate the split and stay in public.

CREATE SCHEMA IF NOT EXISTS sales;
CREATE SCHEMA IF NOT EXISTS wms;
CREATE SCHEMA IF NOT EXISTS fleet;
CREATE SCHEMA IF NOT EXISTS dispatch;
CREATE SCHEMA IF NOT EXISTS billing;
CREATE SCHEMA IF NOT EXISTS tracking;
CREATE SCHEMA IF NOT EXISTS pricing;

-- ---------------------------------------------------------------- customers (public)
CREATE TABLE public.customers (
    id            BIGSERIAL PRIMARY KEY,
    code          TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    email         TEXT,
    credit_limit  NUMERIC(12,2) NOT NULL DEFAULT 0,
    balance       NUMERIC(12,2) NOT NULL DEFAULT 0,
    status        TEXT NOT NULL DEFAULT 'active',
    merged_into   BIGINT REFERENCES public.customers(id),
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE public.customer_contacts (
    id           BIGSERIAL PRIMARY KEY,
    customer_id  BIGINT NOT NULL REFERENCES public.customers(id),
    name         TEXT NOT NULL,
    phone        TEXT,
    email        TEXT,
    is_primary   BOOLEAN NOT NULL DEFAULT false
);

-- ---------------------------------------------------------------- warehouse
CREATE TABLE wms.warehouses (
    id           BIGSERIAL PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    zone         TEXT NOT NULL,
    capacity_m3  NUMERIC(10,2) NOT NULL
);

CREATE TABLE wms.stock_items (
    id             BIGSERIAL PRIMARY KEY,
    warehouse_id   BIGINT NOT NULL REFERENCES wms.warehouses(id),
    sku            TEXT NOT NULL,
    on_hand        INTEGER NOT NULL DEFAULT 0,
    reserved       INTEGER NOT NULL DEFAULT 0,
    reorder_level  INTEGER NOT NULL DEFAULT 0,
    UNIQUE (warehouse_id, sku)
);

-- ---------------------------------------------------------------- sales
CREATE TABLE sales.orders (
    id                   BIGSERIAL PRIMARY KEY,
    customer_id          BIGINT NOT NULL REFERENCES public.customers(id),
    origin_warehouse_id  BIGINT NOT NULL REFERENCES wms.warehouses(id),
    status               TEXT NOT NULL DEFAULT 'new',
    service_level        TEXT NOT NULL DEFAULT 'standard',
    dest_address         TEXT NOT NULL,
    dest_zone            TEXT NOT NULL,
    weight_kg            NUMERIC(10,2) NOT NULL,
    volume_m3            NUMERIC(10,3) NOT NULL,
    total_price          NUMERIC(12,2),
    promised_at          TIMESTAMPTZ,
    created_at           TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE sales.order_lines (
    id          BIGSERIAL PRIMARY KEY,
    order_id    BIGINT NOT NULL REFERENCES sales.orders(id),
    sku         TEXT NOT NULL,
    quantity    INTEGER NOT NULL CHECK (quantity > 0),
    unit_price  NUMERIC(12,2) NOT NULL,
    UNIQUE (order_id, sku)
);

CREATE TABLE wms.stock_reservations (
    id             BIGSERIAL PRIMARY KEY,
    order_id       BIGINT NOT NULL REFERENCES sales.orders(id),
    stock_item_id  BIGINT NOT NULL REFERENCES wms.stock_items(id),
    quantity       INTEGER NOT NULL,
    status         TEXT NOT NULL DEFAULT 'held',
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- ---------------------------------------------------------------- fleet
CREATE TABLE fleet.vehicles (
    id                 BIGSERIAL PRIMARY KEY,
    plate              TEXT NOT NULL UNIQUE,
    kind               TEXT NOT NULL,
    capacity_kg        NUMERIC(10,2) NOT NULL,
    capacity_m3        NUMERIC(10,3) NOT NULL,
    home_warehouse_id  BIGINT REFERENCES wms.warehouses(id),
    status             TEXT NOT NULL DEFAULT 'available',
    odometer_km        INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE fleet.drivers (
    id                BIGSERIAL PRIMARY KEY,
    name              TEXT NOT NULL,
    licence_no        TEXT NOT NULL UNIQUE,
    licence_expires   DATE NOT NULL,
    status            TEXT NOT NULL DEFAULT 'off_duty',
    vehicle_id        BIGINT REFERENCES fleet.vehicles(id),
    hours_this_week   NUMERIC(5,2) NOT NULL DEFAULT 0
);

CREATE TABLE fleet.maintenance_logs (
    id            BIGSERIAL PRIMARY KEY,
    vehicle_id    BIGINT NOT NULL REFERENCES fleet.vehicles(id),
    kind          TEXT NOT NULL,
    notes         TEXT,
    cost          NUMERIC(10,2) NOT NULL DEFAULT 0,
    performed_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- ---------------------------------------------------------------- dispatch
-- "Shipments" was created by a GUI tool years ago; the quoted mixed-case name stuck.
CREATE TABLE dispatch."Shipments" (
    id                 BIGSERIAL PRIMARY KEY,
    order_id           BIGINT NOT NULL REFERENCES sales.orders(id),
    vehicle_id         BIGINT REFERENCES fleet.vehicles(id),
    driver_id          BIGINT REFERENCES fleet.drivers(id),
    tracking_code      TEXT NOT NULL UNIQUE,
    status             TEXT NOT NULL DEFAULT 'planned',
    planned_departure  TIMESTAMPTZ,
    departed_at        TIMESTAMPTZ,
    eta                TIMESTAMPTZ,
    delivered_at       TIMESTAMPTZ
);

CREATE TABLE dispatch.shipment_items (
    id             BIGSERIAL PRIMARY KEY,
    shipment_id    BIGINT NOT NULL REFERENCES dispatch."Shipments"(id),
    order_line_id  BIGINT NOT NULL REFERENCES sales.order_lines(id),
    quantity       INTEGER NOT NULL
);

CREATE TABLE dispatch.route_stops (
    id           BIGSERIAL PRIMARY KEY,
    shipment_id  BIGINT NOT NULL REFERENCES dispatch."Shipments"(id),
    seq          INTEGER NOT NULL,
    address      TEXT NOT NULL,
    zone         TEXT NOT NULL,
    planned_at   TIMESTAMPTZ,
    arrived_at   TIMESTAMPTZ,
    UNIQUE (shipment_id, seq)
);

CREATE TABLE wms.stock_movements (
    id               BIGSERIAL PRIMARY KEY,
    stock_item_id    BIGINT NOT NULL REFERENCES wms.stock_items(id),
    delta            INTEGER NOT NULL,
    reason           TEXT NOT NULL,
    ref_shipment_id  BIGINT REFERENCES dispatch."Shipments"(id),
    moved_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- ---------------------------------------------------------------- billing
CREATE SEQUENCE billing.invoice_no_seq START 100000;

CREATE TABLE billing.invoices (
    id           BIGSERIAL PRIMARY KEY,
    number       TEXT NOT NULL UNIQUE,
    customer_id  BIGINT NOT NULL REFERENCES public.customers(id),
    order_id     BIGINT REFERENCES sales.orders(id),
    shipment_id  BIGINT REFERENCES dispatch."Shipments"(id),
    status       TEXT NOT NULL DEFAULT 'issued',
    amount       NUMERIC(12,2) NOT NULL,
    tax          NUMERIC(12,2) NOT NULL DEFAULT 0,
    period       TEXT NOT NULL,
    issued_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    due_at       TIMESTAMPTZ NOT NULL,
    paid_at      TIMESTAMPTZ
);

CREATE TABLE billing.invoice_lines (
    id           BIGSERIAL PRIMARY KEY,
    invoice_id   BIGINT NOT NULL REFERENCES billing.invoices(id),
    description  TEXT NOT NULL,
    amount       NUMERIC(12,2) NOT NULL
);

CREATE TABLE billing.payments (
    id           BIGSERIAL PRIMARY KEY,
    invoice_id   BIGINT NOT NULL REFERENCES billing.invoices(id),
    amount       NUMERIC(12,2) NOT NULL,
    method       TEXT NOT NULL,
    reference    TEXT NOT NULL UNIQUE,
    received_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- ---------------------------------------------------------------- tracking
CREATE TABLE tracking.tracking_events (
    id           BIGSERIAL PRIMARY KEY,
    shipment_id  BIGINT NOT NULL REFERENCES dispatch."Shipments"(id),
    event_type   TEXT NOT NULL,
    location     TEXT,
    note         TEXT,
    occurred_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE tracking.delivery_proofs (
    id           BIGSERIAL PRIMARY KEY,
    shipment_id  BIGINT NOT NULL UNIQUE REFERENCES dispatch."Shipments"(id),
    signed_by    TEXT NOT NULL,
    photo_url    TEXT,
    recorded_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- ---------------------------------------------------------------- pricing
CREATE TABLE pricing.tariffs (
    id             BIGSERIAL PRIMARY KEY,
    origin_zone    TEXT NOT NULL,
    dest_zone      TEXT NOT NULL,
    service_level  TEXT NOT NULL,
    base_rate      NUMERIC(10,2) NOT NULL,
    per_kg         NUMERIC(10,4) NOT NULL,
    per_m3         NUMERIC(10,4) NOT NULL,
    valid_from     DATE NOT NULL,
    valid_to       DATE,
    UNIQUE (origin_zone, dest_zone, service_level, valid_from)
);

CREATE TABLE pricing.surcharges (
    id           BIGSERIAL PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE,
    description  TEXT NOT NULL,
    percent      NUMERIC(5,2) NOT NULL,
    active       BOOLEAN NOT NULL DEFAULT true,
    valid_to     DATE
);

-- ---------------------------------------------------------------- stored code

-- Reserves every line of an order in one warehouse. Returns the number of lines reserved;
-- raises when a line cannot be covered so the caller's transaction rolls back as a whole.
CREATE FUNCTION wms.reserve_stock(p_order_id BIGINT, p_warehouse_id BIGINT)
RETURNS INTEGER
LANGUAGE plpgsql
AS $$
DECLARE
    line       RECORD;
    item_id    BIGINT;
    available  INTEGER;
    reserved_n INTEGER := 0;
BEGIN
    FOR line IN SELECT ol.sku, ol.quantity FROM sales.order_lines ol WHERE ol.order_id = p_order_id LOOP
        SELECT s.id, s.on_hand - s.reserved INTO item_id, available
          FROM wms.stock_items s
         WHERE s.warehouse_id = p_warehouse_id AND s.sku = line.sku
         FOR UPDATE;
        IF item_id IS NULL OR available < line.quantity THEN
            RAISE EXCEPTION 'insufficient stock for % in warehouse %', line.sku, p_warehouse_id;
        END IF;
        UPDATE wms.stock_items SET reserved = reserved + line.quantity WHERE id = item_id;
        INSERT INTO wms.stock_reservations (order_id, stock_item_id, quantity, status)
             VALUES (p_order_id, item_id, line.quantity, 'held');
        reserved_n := reserved_n + 1;
    END LOOP;
    RETURN reserved_n;
END;
$$;

-- Price of one consignment under the tariff valid today.
CREATE FUNCTION pricing.quote(p_origin TEXT, p_dest TEXT, p_level TEXT, p_kg NUMERIC, p_m3 NUMERIC)
RETURNS NUMERIC
LANGUAGE sql STABLE
AS $$
    SELECT t.base_rate + t.per_kg * p_kg + t.per_m3 * p_m3
      FROM pricing.tariffs t
     WHERE t.origin_zone = p_origin AND t.dest_zone = p_dest AND t.service_level = p_level
       AND t.valid_from <= current_date AND (t.valid_to IS NULL OR t.valid_to >= current_date)
     ORDER BY t.valid_from DESC
     LIMIT 1
$$;

-- Month end: flags overdue invoices and adds a late fee line to each of them.
CREATE PROCEDURE billing.close_period(p_period TEXT)
LANGUAGE plpgsql
AS $$
BEGIN
    UPDATE billing.invoices
       SET status = 'overdue'
     WHERE period = p_period AND status = 'issued' AND due_at < now();
    INSERT INTO billing.invoice_lines (invoice_id, description, amount)
    SELECT i.id, 'late fee ' || p_period, round(i.amount * 0.02, 2)
      FROM billing.invoices i
     WHERE i.period = p_period AND i.status = 'overdue';
END;
$$;
