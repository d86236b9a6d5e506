-- The original chain's revision bd227e99e006: resource images, county
-- agricultural report records, the foreign keys of a fermentation record's
-- methods and strain, and unique strain names.

CREATE TABLE county_ag_report_record (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    record_id varchar NOT NULL,
    geoid varchar,
    primary_ag_product_id integer,
    description varchar,
    resource_type varchar,
    data_year integer,
    data_source_id integer,
    produced_nsjv boolean,
    processed_nsjv boolean,
    note varchar,
    prodn_value_note varchar,
    CONSTRAINT county_ag_report_record_record_id_key UNIQUE (record_id)
);

CREATE TABLE resource_image (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    resource_id integer NOT NULL,
    resource_name varchar,
    image_url varchar,
    sort_order integer,
    CONSTRAINT resource_image_resource_id_image_url_key UNIQUE (resource_id, image_url)
);

-- Foreign keys, once every table exists.
ALTER TABLE county_ag_report_record ADD CONSTRAINT county_ag_report_record_data_source_id_fkey
    FOREIGN KEY (data_source_id) REFERENCES data_source(id);
ALTER TABLE county_ag_report_record ADD CONSTRAINT county_ag_report_record_etl_run_id_fkey
    FOREIGN KEY (etl_run_id) REFERENCES etl_run(id);
ALTER TABLE county_ag_report_record ADD CONSTRAINT county_ag_report_record_geoid_fkey
    FOREIGN KEY (geoid) REFERENCES place(geoid);
ALTER TABLE county_ag_report_record ADD CONSTRAINT county_ag_report_record_primary_ag_product_id_fkey
    FOREIGN KEY (primary_ag_product_id) REFERENCES primary_ag_product(id);
ALTER TABLE resource_image ADD CONSTRAINT resource_image_etl_run_id_fkey
    FOREIGN KEY (etl_run_id) REFERENCES etl_run(id);
ALTER TABLE resource_image ADD CONSTRAINT resource_image_resource_id_fkey
    FOREIGN KEY (resource_id) REFERENCES resource(id);


ALTER TABLE fermentation_record ADD CONSTRAINT fermentation_record_eh_method_id_fkey
    FOREIGN KEY (eh_method_id) REFERENCES method(id);
ALTER TABLE fermentation_record ADD CONSTRAINT fermentation_record_pretreatment_method_id_fkey
    FOREIGN KEY (pretreatment_method_id) REFERENCES method(id);
ALTER TABLE fermentation_record ADD CONSTRAINT fermentation_record_strain_id_fkey
    FOREIGN KEY (strain_id) REFERENCES strain(id);
ALTER TABLE strain ADD CONSTRAINT strain_name_key UNIQUE (name);
