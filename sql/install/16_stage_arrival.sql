-- A row per statement that put rows into a staging table (hrlake_stage.*)
-- since its source's last ingest: a statement trigger adds it
-- (10_batch.sql), the ingest takes them. An ingest that finds none has no
-- staged row to look for and does not scan the staging table, which after
-- an ingest holds only the dead rows of the one before.
CREATE TABLE hrlake._stage_arrival (
  arrival_id  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,  -- replica identity
  table_name  text NOT NULL  -- hrlake_stage.<table_name>
);
