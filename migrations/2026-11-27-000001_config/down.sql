DROP TABLE stages;
DROP TABLE recipes;
DROP TABLE flags;
DROP TABLE settings;
DROP TABLE deployments;
DROP TABLE applications;
DROP TABLE categories;
