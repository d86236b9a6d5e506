-- The original chain's revision 1bed1a9104a7: use cases, and the use case of
-- an end-use record (appended after `note`, as there).

CREATE TABLE use_case (
    id serial PRIMARY KEY,
    name varchar,
    description varchar,
    uri varchar
);

ALTER TABLE resource_end_use_record ADD COLUMN use_case_id integer;
ALTER TABLE resource_end_use_record ADD CONSTRAINT resource_end_use_record_use_case_id_fkey
    FOREIGN KEY (use_case_id) REFERENCES use_case(id);
