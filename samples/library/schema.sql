-- shelfd: the back office of a city library service (four branches).
--
-- Two databases. The central PostgreSQL server holds the catalogue, the
-- patrons, circulation and fines (moved there in 2016). Each branch still
-- keeps its own SQLite file for acquisitions and the room and events diary;
-- those tables are at the end of this file, written so both engines accept
-- them.

-- ---------------------------------------------------------------- catalogue

CREATE TABLE titles (
    id          BIGSERIAL PRIMARY KEY,
    isbn        TEXT UNIQUE,
    title       TEXT NOT NULL,
    pub_year    INTEGER,
    material    TEXT NOT NULL DEFAULT 'book',      -- book, dvd, audiobook, magazine
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE authors (
    id          BIGSERIAL PRIMARY KEY,
    sort_name   TEXT NOT NULL UNIQUE
);

CREATE TABLE title_authors (
    title_id    BIGINT NOT NULL REFERENCES titles(id),
    author_id   BIGINT NOT NULL REFERENCES authors(id),
    role        TEXT NOT NULL DEFAULT 'author',
    PRIMARY KEY (title_id, author_id)
);

CREATE TABLE copies (
    id          BIGSERIAL PRIMARY KEY,
    title_id    BIGINT NOT NULL REFERENCES titles(id),
    barcode     TEXT NOT NULL UNIQUE,
    branch      TEXT NOT NULL,
    shelf_mark  TEXT,
    status      TEXT NOT NULL DEFAULT 'on_shelf',  -- on_shelf, on_loan, on_hold_shelf, withdrawn, lost
    price_cents INTEGER NOT NULL DEFAULT 0,
    acquired_at DATE
);

-- ---------------------------------------------------------------- patrons

CREATE TABLE patrons (
    id          BIGSERIAL PRIMARY KEY,
    full_name   TEXT NOT NULL,
    email       TEXT,
    phone       TEXT,
    home_branch TEXT NOT NULL,
    category    TEXT NOT NULL DEFAULT 'adult',     -- adult, child, senior, staff
    joined_at   DATE NOT NULL DEFAULT current_date,
    merged_into BIGINT
);

CREATE TABLE library_cards (
    card_no     TEXT PRIMARY KEY,
    patron_id   BIGINT NOT NULL REFERENCES patrons(id),
    issued_at   DATE NOT NULL,
    expires_at  DATE NOT NULL,
    active      BOOLEAN NOT NULL DEFAULT true
);

CREATE TABLE patron_blocks (
    id          BIGSERIAL PRIMARY KEY,
    patron_id   BIGINT NOT NULL REFERENCES patrons(id),
    reason      TEXT NOT NULL,
    placed_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    lifted_at   TIMESTAMPTZ
);

-- ---------------------------------------------------------------- circulation

CREATE TABLE loans (
    id          BIGSERIAL PRIMARY KEY,
    copy_id     BIGINT NOT NULL REFERENCES copies(id),
    patron_id   BIGINT NOT NULL REFERENCES patrons(id),
    loaned_at   DATE NOT NULL,
    due_at      DATE NOT NULL,
    renewals    INTEGER NOT NULL DEFAULT 0,
    returned_at DATE
);

CREATE TABLE holds (
    id          BIGSERIAL PRIMARY KEY,
    title_id    BIGINT NOT NULL REFERENCES titles(id),
    patron_id   BIGINT NOT NULL REFERENCES patrons(id),
    pickup      TEXT NOT NULL,
    placed_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    copy_id     BIGINT,
    status      TEXT NOT NULL DEFAULT 'waiting',   -- waiting, ready, collected, expired, cancelled
    expires_at  DATE
);

CREATE TABLE loan_history (
    loan_id     BIGINT PRIMARY KEY,
    copy_id     BIGINT NOT NULL,
    patron_id   BIGINT,
    loaned_at   DATE NOT NULL,
    returned_at DATE NOT NULL
);

-- ---------------------------------------------------------------- fines

CREATE TABLE fee_rules (
    material      TEXT NOT NULL,
    category      TEXT NOT NULL,
    daily_cents   INTEGER NOT NULL,
    cap_cents     INTEGER NOT NULL,
    PRIMARY KEY (material, category)
);

CREATE TABLE fines (
    id          BIGSERIAL PRIMARY KEY,
    patron_id   BIGINT NOT NULL REFERENCES patrons(id),
    loan_id     BIGINT REFERENCES loans(id),
    amount_cents INTEGER NOT NULL,
    reason      TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'open',      -- open, paid, waived
    raised_at   DATE NOT NULL DEFAULT current_date
);

CREATE TABLE payments (
    id          BIGSERIAL PRIMARY KEY,
    fine_id     BIGINT NOT NULL REFERENCES fines(id),
    amount_cents INTEGER NOT NULL,
    method      TEXT NOT NULL,
    paid_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- ---------------------------------------------------------------- stored code

-- Renews a loan unless someone is waiting for the title; returns the new due
-- date, or NULL when the loan cannot be renewed.
CREATE FUNCTION renew_loan(p_loan BIGINT, p_days INTEGER)
RETURNS DATE
LANGUAGE plpgsql
AS $$
DECLARE
    waiting INTEGER;
    new_due DATE;
BEGIN
    SELECT count(*) INTO waiting
      FROM holds h JOIN copies c ON c.title_id = h.title_id
      JOIN loans l ON l.copy_id = c.id
     WHERE l.id = p_loan AND h.status = 'waiting';
    IF waiting > 0 THEN
        RETURN NULL;
    END IF;
    UPDATE loans SET due_at = due_at + p_days, renewals = renewals + 1
     WHERE id = p_loan AND renewals < 3
     RETURNING due_at INTO new_due;
    RETURN new_due;
END;
$$;

-- ---------------------------------------------------------------- branch database (SQLite)

CREATE TABLE suppliers (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    edi_id      TEXT,
    discount_pc INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE purchase_orders (
    id          INTEGER PRIMARY KEY,
    supplier_id INTEGER NOT NULL REFERENCES suppliers(id),
    branch      TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'draft',     -- draft, sent, part_received, received, cancelled
    created_on  TEXT NOT NULL,
    sent_on     TEXT
);

CREATE TABLE po_lines (
    id          INTEGER PRIMARY KEY,
    po_id       INTEGER NOT NULL REFERENCES purchase_orders(id),
    isbn        TEXT NOT NULL,
    quantity    INTEGER NOT NULL,
    received    INTEGER NOT NULL DEFAULT 0,
    price_cents INTEGER NOT NULL
);

CREATE TABLE rooms (
    id          INTEGER PRIMARY KEY,
    branch      TEXT NOT NULL,
    name        TEXT NOT NULL,
    seats       INTEGER NOT NULL,
    bookable    INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE room_bookings (
    id          INTEGER PRIMARY KEY,
    room_id     INTEGER NOT NULL REFERENCES rooms(id),
    day         TEXT NOT NULL,
    start_hour  INTEGER NOT NULL,
    end_hour    INTEGER NOT NULL,
    booked_by   TEXT NOT NULL,
    event_id    INTEGER
);

CREATE TABLE events (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL,
    branch      TEXT NOT NULL,
    day         TEXT NOT NULL,
    capacity    INTEGER NOT NULL,
    audience    TEXT NOT NULL DEFAULT 'all'
);

CREATE TABLE event_signups (
    event_id    INTEGER NOT NULL REFERENCES events(id),
    patron_id   INTEGER NOT NULL,
    signed_on   TEXT NOT NULL,
    attended    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (event_id, patron_id)
);
