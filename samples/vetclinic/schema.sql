-- Vet clinic back office schema (SQLite).
-- Grown over the years: the first tables (owners, pets, appointments, invoices)
-- date from 2009, pharmacy and lab came in 2013, reminders in 2016.

PRAGMA foreign_keys = ON;

-- ---------------------------------------------------------------- patients
CREATE TABLE owners (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    first_name    TEXT    NOT NULL,
    last_name     TEXT    NOT NULL,
    phone         TEXT,
    email         TEXT,
    address       TEXT,
    preferred_channel TEXT NOT NULL DEFAULT 'email',
    sms_opt_out   INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT    NOT NULL
);

CREATE TABLE pets (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id      INTEGER NOT NULL REFERENCES owners(id),
    name          TEXT    NOT NULL,
    species       TEXT    NOT NULL,
    breed         TEXT,
    birth_date    TEXT,
    weight_kg     REAL,
    microchip     TEXT UNIQUE,
    deceased      INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE pet_allergies (
    pet_id        INTEGER NOT NULL REFERENCES pets(id),
    substance     TEXT    NOT NULL,
    severity      TEXT    NOT NULL DEFAULT 'mild',
    PRIMARY KEY (pet_id, substance)
);

-- ---------------------------------------------------------------- staff
CREATE TABLE staff (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    first_name    TEXT    NOT NULL,
    last_name     TEXT    NOT NULL,
    role          TEXT    NOT NULL,           -- vet, nurse, reception, manager
    license_no    TEXT,
    hourly_rate_cents INTEGER NOT NULL DEFAULT 0,
    active        INTEGER NOT NULL DEFAULT 1,
    hired_on      TEXT    NOT NULL
);

CREATE TABLE shifts (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    staff_id      INTEGER NOT NULL REFERENCES staff(id),
    shift_date    TEXT    NOT NULL,
    start_hour    INTEGER NOT NULL,
    end_hour      INTEGER NOT NULL,
    on_call       INTEGER NOT NULL DEFAULT 0
);

-- ---------------------------------------------------------------- scheduling
CREATE TABLE rooms (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    name          TEXT    NOT NULL,
    kind          TEXT    NOT NULL,           -- exam, surgery, xray
    in_service    INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE appointments (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    pet_id        INTEGER NOT NULL REFERENCES pets(id),
    vet_id        INTEGER NOT NULL REFERENCES staff(id),
    room_id       INTEGER REFERENCES rooms(id),
    start_time    TEXT    NOT NULL,
    end_time      TEXT    NOT NULL,
    reason        TEXT,
    status        TEXT    NOT NULL DEFAULT 'booked', -- booked, checked_in, in_progress, done, billed, cancelled, no_show
    created_at    TEXT    NOT NULL
);

CREATE TABLE waitlist (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    pet_id        INTEGER NOT NULL REFERENCES pets(id),
    reason        TEXT,
    preferred_date TEXT,
    added_at      TEXT    NOT NULL
);

-- ---------------------------------------------------------------- medical
CREATE TABLE medical_records (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    pet_id        INTEGER NOT NULL REFERENCES pets(id),
    appointment_id INTEGER REFERENCES appointments(id),
    vet_id        INTEGER NOT NULL REFERENCES staff(id),
    opened_at     TEXT    NOT NULL,
    closed_at     TEXT,
    diagnosis     TEXT,
    notes         TEXT
);

CREATE TABLE treatments (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    record_id     INTEGER NOT NULL REFERENCES medical_records(id),
    item_id       INTEGER REFERENCES inventory_items(id),
    description   TEXT    NOT NULL,
    quantity      INTEGER NOT NULL DEFAULT 1,
    fee_cents     INTEGER NOT NULL DEFAULT 0,
    performed_at  TEXT    NOT NULL
);

CREATE TABLE vaccinations (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    pet_id        INTEGER NOT NULL REFERENCES pets(id),
    vaccine       TEXT    NOT NULL,
    given_on      TEXT    NOT NULL,
    due_date      TEXT    NOT NULL,
    batch_no      TEXT,
    vet_id        INTEGER REFERENCES staff(id)
);

CREATE TABLE lab_results (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    record_id     INTEGER NOT NULL REFERENCES medical_records(id),
    test_name     TEXT    NOT NULL,
    value         REAL,
    unit          TEXT,
    flag          TEXT,                       -- L, H, or NULL
    status        TEXT    NOT NULL DEFAULT 'pending',
    received_at   TEXT
);

-- ---------------------------------------------------------------- pharmacy
CREATE TABLE suppliers (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    name          TEXT    NOT NULL,
    phone         TEXT,
    lead_time_days INTEGER NOT NULL DEFAULT 3
);

CREATE TABLE inventory_items (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    sku           TEXT    NOT NULL UNIQUE,
    name          TEXT    NOT NULL,
    unit_price_cents INTEGER NOT NULL,
    qty_on_hand   INTEGER NOT NULL DEFAULT 0,
    reorder_level INTEGER NOT NULL DEFAULT 0,
    controlled    INTEGER NOT NULL DEFAULT 0,
    supplier_id   INTEGER REFERENCES suppliers(id)
);

CREATE TABLE stock_movements (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    item_id       INTEGER NOT NULL REFERENCES inventory_items(id),
    delta         INTEGER NOT NULL,
    reason        TEXT    NOT NULL,
    created_at    TEXT    NOT NULL
);

CREATE TABLE prescriptions (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    pet_id        INTEGER NOT NULL REFERENCES pets(id),
    vet_id        INTEGER NOT NULL REFERENCES staff(id),
    item_id       INTEGER NOT NULL REFERENCES inventory_items(id),
    quantity      INTEGER NOT NULL,
    refills_left  INTEGER NOT NULL DEFAULT 0,
    instructions  TEXT,
    prescribed_on TEXT    NOT NULL,
    dispensed_on  TEXT
);

-- ---------------------------------------------------------------- billing
CREATE TABLE invoices (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id      INTEGER NOT NULL REFERENCES owners(id),
    appointment_id INTEGER REFERENCES appointments(id),
    issued_on     TEXT    NOT NULL,
    total_cents   INTEGER NOT NULL DEFAULT 0,
    status        TEXT    NOT NULL DEFAULT 'open' -- open, paid, void
);

CREATE TABLE invoice_lines (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    invoice_id    INTEGER NOT NULL REFERENCES invoices(id),
    item_id       INTEGER REFERENCES inventory_items(id),
    description   TEXT    NOT NULL,
    quantity      INTEGER NOT NULL DEFAULT 1,
    unit_price_cents INTEGER NOT NULL
);

CREATE TABLE payments (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    invoice_id    INTEGER NOT NULL REFERENCES invoices(id),
    amount_cents  INTEGER NOT NULL,
    method        TEXT    NOT NULL,           -- cash, card, insurance
    paid_at       TEXT    NOT NULL
);

CREATE TABLE refunds (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    payment_id    INTEGER NOT NULL REFERENCES payments(id),
    amount_cents  INTEGER NOT NULL,
    reason        TEXT,
    refunded_at   TEXT    NOT NULL
);

-- ---------------------------------------------------------------- notifications
CREATE TABLE reminders (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    pet_id        INTEGER REFERENCES pets(id),
    owner_id      INTEGER NOT NULL REFERENCES owners(id),
    kind          TEXT    NOT NULL,           -- vaccination, appointment, refill, invoice
    due_on        TEXT    NOT NULL,
    message       TEXT    NOT NULL,
    sent_at       TEXT
);

CREATE TABLE notification_log (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    reminder_id   INTEGER REFERENCES reminders(id),
    channel       TEXT    NOT NULL,
    recipient     TEXT    NOT NULL,
    body          TEXT    NOT NULL,
    ok            INTEGER NOT NULL,
    sent_at       TEXT    NOT NULL
);

-- ---------------------------------------------------------------- audit
CREATE TABLE audit_log (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    entity        TEXT    NOT NULL,
    entity_id     INTEGER,
    action        TEXT    NOT NULL,
    details       TEXT,
    actor         TEXT,
    logged_at     TEXT    NOT NULL
);
