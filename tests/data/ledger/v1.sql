-- A schema v1 ledger (raw event tables only, no rollups), as Timewall wrote
-- it before v2. tests/unit/ledger/test_ledger_migration.cpp loads it and opens
-- it with the current code, which must migrate it to v2 and fill the rollups.
-- Times are Unix ms; comments give Europe/Berlin local time. 2026-03-29 is the
-- spring DST day (23 h).
CREATE TABLE app(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE category(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE interval(
  id INTEGER PRIMARY KEY,
  app_id INTEGER NOT NULL REFERENCES app(id),
  category_id INTEGER NOT NULL REFERENCES category(id),
  start_ms INTEGER NOT NULL,
  end_ms INTEGER NOT NULL CHECK (end_ms >= start_ms));
CREATE INDEX interval_start ON interval(start_ms);
CREATE TABLE idle_moment(
  id INTEGER PRIMARY KEY,
  start_ms INTEGER NOT NULL,
  end_ms INTEGER NOT NULL CHECK (end_ms >= start_ms),
  mode TEXT NOT NULL CHECK (mode IN ('fill', 'protect')),
  item_id TEXT NOT NULL,
  reason TEXT NOT NULL);
CREATE TABLE friction(
  id INTEGER PRIMARY KEY,
  at_ms INTEGER NOT NULL,
  app_id INTEGER NOT NULL REFERENCES app(id),
  category_id INTEGER NOT NULL REFERENCES category(id),
  outcome TEXT NOT NULL CHECK (outcome IN ('shown', 'left', 'continued')),
  extension_s INTEGER NOT NULL);
CREATE TABLE block(
  id INTEGER PRIMARY KEY,
  at_ms INTEGER NOT NULL,
  app_id INTEGER NOT NULL REFERENCES app(id),
  category_id INTEGER NOT NULL REFERENCES category(id),
  reason TEXT NOT NULL);
CREATE TABLE policy_change(
  id INTEGER PRIMARY KEY,
  at_ms INTEGER NOT NULL,
  old_hash TEXT NOT NULL,
  new_hash TEXT NOT NULL);

INSERT INTO app(id, name) VALUES (1, 'feed'), (2, 'mail'), (3, 'reader');
INSERT INTO category(id, name) VALUES (1, 'social'), (2, 'work'), (3, 'books');

INSERT INTO interval(id, app_id, category_id, start_ms, end_ms) VALUES
  (1, 1, 1, 1774688400000, 1774691100000),  -- 03-28 10:00-10:45 CET
  (2, 2, 2, 1774702800000, 1774708200000),  -- 03-28 14:00-15:30 CET
  (3, 3, 3, 1774737600000, 1774740300000),  -- 03-28 23:40 -> 03-29 00:25, across midnight
  (4, 1, 1, 1774745400000, 1774747200000),  -- 03-29 01:50 CET -> 03:20 CEST, across the DST gap
  (5, 1, 1, 1774821000000, 1774822200000),  -- 03-29 23:50 -> 03-30 00:10 CEST, across midnight and the week
  (6, 2, 2, 1774854000000, 1774855800000),  -- 03-30 09:00-09:30 CEST
  (7, 3, 3, 1774864800000, 1774864800000);  -- 03-30 12:00, zero length

INSERT INTO idle_moment(start_ms, end_ms, mode, item_id, reason) VALUES
  (1774681200000, 1774681500000, 'fill', 'vocab-3', 'idle_fill'),        -- 03-28 08:00-08:05
  (1774738680000, 1774738980000, 'protect', '', 'idle_protect');         -- 03-28 23:58 -> 03-29 00:03

INSERT INTO friction(at_ms, app_id, category_id, outcome, extension_s) VALUES
  (1774690800000, 1, 1, 'shown', 0),        -- 03-28 10:40
  (1774690860000, 1, 1, 'continued', 300),  -- 03-28 10:41, a bypass
  (1774771200000, 1, 1, 'left', 0);         -- 03-29 10:00 CEST

INSERT INTO block(at_ms, app_id, category_id, reason) VALUES
  (1774854600000, 1, 1, 'window_focus');    -- 03-30 09:10 CEST

INSERT INTO policy_change(at_ms, old_hash, new_hash) VALUES (1774677600000, '', 'c0ffee');

PRAGMA user_version = 1;
