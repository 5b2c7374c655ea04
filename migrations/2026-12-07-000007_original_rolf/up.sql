-- Recipes imported from the original Rolf that ran inside its process (python code using `self`) cannot run as
-- scripts: the reason is kept until someone saves new code, and pushes using them are refused meanwhile.
ALTER TABLE recipes
    ADD COLUMN needs_conversion TEXT CHECK (needs_conversion IS NULL OR length(needs_conversion) BETWEEN 1 AND 2000);

-- What a boolean flag hands to recipes: `true`/`false`, or `1`/empty as the original Rolf passed a checkbox.
ALTER TABLE flags
    ADD COLUMN boolean_as TEXT NOT NULL DEFAULT 'true_false'
        CHECK (boolean_as IN ('true_false', 'one_empty')),
    ADD CONSTRAINT flags_boolean_as_kind CHECK (boolean_as = 'true_false' OR kind = 'boolean');
