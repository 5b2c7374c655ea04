-- What a deployment is: where it lives (category > application), its settings, flags and stages,
-- and the recipes the stages run.

CREATE TABLE categories (
    id          BIGSERIAL PRIMARY KEY,
    name        TEXT NOT NULL CONSTRAINT categories_name_key UNIQUE,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Application names are unique across categories so `application/deployment` names one deployment.
CREATE TABLE applications (
    id          BIGSERIAL PRIMARY KEY,
    category_id BIGINT NOT NULL REFERENCES categories (id) ON DELETE RESTRICT,
    name        TEXT NOT NULL CONSTRAINT applications_name_key UNIQUE,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX applications_category_id_idx ON applications (category_id);

CREATE TABLE deployments (
    id             BIGSERIAL PRIMARY KEY,
    application_id BIGINT NOT NULL REFERENCES applications (id) ON DELETE RESTRICT,
    name           TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    deprecated     BOOLEAN NOT NULL DEFAULT false,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT deployments_application_id_name_key UNIQUE (application_id, name)
);

CREATE TABLE settings (
    id            BIGSERIAL PRIMARY KEY,
    deployment_id BIGINT NOT NULL REFERENCES deployments (id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    value         TEXT NOT NULL,
    secret        BOOLEAN NOT NULL DEFAULT false,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT settings_deployment_id_name_key UNIQUE (deployment_id, name)
);

CREATE TABLE flags (
    id            BIGSERIAL PRIMARY KEY,
    deployment_id BIGINT NOT NULL REFERENCES deployments (id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    varname       TEXT NOT NULL,
    default_value TEXT NOT NULL DEFAULT '',
    is_boolean    BOOLEAN NOT NULL DEFAULT false,
    description   TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT flags_deployment_id_varname_key UNIQUE (deployment_id, varname)
);

-- A recipe with a name belongs to the shared cookbook; one without is the inline code of exactly one stage.
CREATE TABLE recipes (
    id          BIGSERIAL PRIMARY KEY,
    name        TEXT CONSTRAINT recipes_name_key UNIQUE,
    language    TEXT NOT NULL CHECK (language IN ('bash', 'python')),
    code        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE stages (
    id              BIGSERIAL PRIMARY KEY,
    deployment_id   BIGINT NOT NULL REFERENCES deployments (id) ON DELETE CASCADE,
    name            TEXT NOT NULL,
    position        INTEGER NOT NULL CHECK (position >= 0),
    -- RESTRICT: a cookbook recipe in use cannot vanish under a stage.
    recipe_id       BIGINT NOT NULL REFERENCES recipes (id) ON DELETE RESTRICT,
    timeout_seconds INTEGER CHECK (timeout_seconds > 0),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT stages_deployment_id_name_key UNIQUE (deployment_id, name),
    -- Deferred so a reorder can swap positions inside one transaction.
    CONSTRAINT stages_deployment_id_position_key UNIQUE (deployment_id, position) DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX stages_recipe_id_idx ON stages (recipe_id);
