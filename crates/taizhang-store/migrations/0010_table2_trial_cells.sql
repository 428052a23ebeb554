-- Version 10: table 二 of the 2019 trial format (report years 2019 and 2020)
-- has cells no register is a source for (上一年项目数量, 本年增/减, 其他对外管理
-- 服务事项, 政府集中采购 …). The clerk types them, per year; the report prints
-- them and the data package carries them. `cell` is `{row}.{column}` of
-- `official::TABLE2_TRIAL_MANUAL`, e.g. `procurement.amount`. Nothing existing
-- changes: a file of version 9 keeps all its data.

CREATE TABLE table2_trial_cells (
    year       INTEGER NOT NULL CHECK (year BETWEEN 1990 AND 2100),
    cell       TEXT NOT NULL,
    value      REAL NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (year, cell)
) WITHOUT ROWID;
