// DO NOT MODIFY: generated from openapi/openapi.json by `npm run gen:api` (openapi-typescript).
// `npm run check:api` (part of `npm test`) fails when this file is stale.
export interface paths {
    "/api/v1/applications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Applications holding a deployment the caller may view (admins: all). */
        get: operations["applications_list"];
        put?: never;
        /** Creates an application (admins). Names are unique across categories. */
        post: operations["applications_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/applications/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["applications_get_one"];
        put?: never;
        post?: never;
        /** Deletes an application without deployments (admins); one with deployments answers 409. */
        delete: operations["applications_remove"];
        options?: never;
        head?: never;
        /** Renames an application or moves it to another category (admins). */
        patch: operations["applications_update"];
        trace?: never;
    };
    "/api/v1/approvals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The pushes awaiting an approval the caller may give and has not given, oldest first (at most 200). */
        get: operations["approvals_queue"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The audit trail, newest first, filtered by deployment, actor, action and time; the filters combine. */
        get: operations["audit_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/cas": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Trades a CAS service ticket for a session token. */
        post: operations["auth_cas_ticket"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/cas/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Redirects a browser to the CAS login page for `service`. */
        get: operations["auth_cas_login"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Signs in with an LDAP username and password. */
        post: operations["auth_login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Ends the caller's session at once; its token is refused from the next request on. */
        post: operations["auth_logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/methods": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Which sign-in methods are on (needs no token). */
        get: operations["auth_methods"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/categories": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Categories holding a deployment the caller may view (admins: all). */
        get: operations["categories_list"];
        put?: never;
        /** Creates a category (admins). */
        post: operations["categories_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/categories/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["categories_get_one"];
        put?: never;
        post?: never;
        /** Deletes an empty category (admins); one with applications answers 409. */
        delete: operations["categories_remove"];
        options?: never;
        head?: never;
        /** Renames a category (admins). */
        patch: operations["categories_update"];
        trace?: never;
    };
    "/api/v1/deployments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Deployments the caller may view, each with the caller's level on it. */
        get: operations["deployments_list"];
        put?: never;
        /** Creates a deployment (admins). */
        post: operations["deployments_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/deployments/apply": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Creates or updates the deployment a document names (by `application` and `name`) to match it: description,
         *     settings (a secret without a value keeps the value it has), flags, stages (cookbook recipes by name), grants,
         *     approval settings, pool and, when the document lists them, webhooks. Updating needs `edit` on it (approval
         *     settings and the pool are an admin's, as for `PATCH`); creating it, and its application and category when they
         *     are missing, needs an admin. JSON or YAML (`application/yaml`, `text/yaml`). Answers what changed, part by part;
         *     with `dry_run=true`, what would change, changing nothing. One transaction, one audit event; applying the same
         *     document again changes nothing.
         */
        post: operations["deployments_apply_document"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/deployments/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One deployment (needs `view`; without it the deployment does not exist for the caller). */
        get: operations["deployments_get_one"];
        put?: never;
        post?: never;
        /** Deletes a deployment with its settings, flags, stages and grants (admins). Its pushes are kept. */
        delete: operations["deployments_remove"];
        options?: never;
        head?: never;
        /** Renames, describes or deprecates a deployment (needs `edit`). */
        patch: operations["deployments_update"];
        trace?: never;
    };
    "/api/v1/deployments/{id}/access": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's own level on a deployment and why (needs `view`): every grant, which reach the caller through
         *     which of its groups and the directory groups mapped onto them, and whether it is an admin. What a UI shows
         *     as "why can't I push?".
         */
        get: operations["permissions_access"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/deployments/{id}/clone": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Copies a deployment's settings, flags, stages (inline code copied, cookbook recipes still linked) and
         *     grants into a new deployment (admins).
         */
        post: operations["deployments_copy"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/deployments/{id}/diff": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What a push made now would change (needs `view`): the deployment's configuration as it is (flags at their
         *     defaults) against its last succeeded push.
         */
        get: operations["pushes_deployment_diff"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/deployments/{id}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The deployment as one document (needs `view`): its category and application, description, settings (secret
         *     ones by name only, never their values), flags, stages (cookbook recipes by name), approval settings, pool,
         *     grants and, for editors, webhooks without their secrets. JSON, or YAML when `Accept` asks for
         *     `application/yaml` or `text/yaml`. Served as an attachment named after the deployment.
         */
        get: operations["deployments_export"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/deployments/{id}/flags": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A deployment's flags: the inputs a push may set (needs `view`). */
        get: operations["flags_list"];
        put?: never;
        /** Adds a flag (needs `edit`). */
        post: operations["flags_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/deployments/{id}/flags/{flag_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete: operations["flags_remove"];
        options?: never;
        head?: never;
        patch: operations["flags_update"];
        trace?: never;
    };
    "/api/v1/deployments/{id}/permissions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Which groups hold which level on a deployment (needs `view`). */
        get: operations["permissions_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/deployments/{id}/permissions/{group}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Grants a group `view`, `push` or `edit` (201 when new, 200 when changed; needs `edit`). */
        put: operations["permissions_put_one"];
        post?: never;
        /** Removes a group's grant (needs `edit`). */
        delete: operations["permissions_remove"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/deployments/{id}/pushes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A deployment's pushes, newest first (needs `view`). */
        get: operations["pushes_history"];
        put?: never;
        /**
         * Starts a push (needs `push`): recorded as `queued` (or `awaiting_approval` when the deployment requires
         *     approvals) with a snapshot of the stages, settings and flags, then handed to the workers. Answers 202 at once;
         *     follow it with `GET /pushes/{id}` and its log. During a freeze window it answers 409 with code `frozen`
         *     unless bypassed (`bypass`, needs `edit`).
         */
        post: operations["pushes_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/deployments/{id}/schedules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A deployment's schedules with their next fire times and latest ticks (needs `view`). */
        get: operations["schedules_list"];
        put?: never;
        /**
         * Schedules pushes of the deployment (needs `edit`): `cron` and `timezone` for recurring ones, `at` for one.
         *     They are made as the caller, through the same path as any push: approvals and freezes apply, and a tick
         *     that falls in a freeze is skipped and recorded as such.
         */
        post: operations["schedules_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/deployments/{id}/schedules/{schedule_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Gives a schedule a new definition, checked as a new one is (needs `edit`). It keeps its id and its ticks so far;
         *     the new rule fires from now on, and the caller becomes its owner: its pushes are made as the caller.
         */
        put: operations["schedules_replace"];
        post?: never;
        /** Removes a schedule (needs `edit`); the pushes it made stay. */
        delete: operations["schedules_remove"];
        options?: never;
        head?: never;
        /**
         * Turns a schedule on or off (needs `edit`). Turned on again, it fires from its next tick on: the ticks that came
         *     due while it was off are not fired.
         */
        patch: operations["schedules_update"];
        trace?: never;
    };
    "/api/v1/deployments/{id}/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A deployment's settings (needs `view`). Secret values read as `null`. */
        get: operations["settings_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/deployments/{id}/settings/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Creates (201) or replaces (200) a setting (needs `edit`). The name must be an environment variable name. */
        put: operations["settings_put_one"];
        post?: never;
        delete: operations["settings_remove"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/deployments/{id}/stages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A deployment's stages in order (needs `view`). */
        get: operations["stages_list"];
        put?: never;
        /**
         * Appends a stage (needs `edit`): `{"name", "recipe_id"}` links a cookbook recipe, `{"name", "language",
         *     "code"}` gives inline code.
         */
        post: operations["stages_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/deployments/{id}/stages/order": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Sets the order of a deployment's stages; `stage_ids` must name every stage exactly once (needs `edit`). */
        put: operations["stages_reorder"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/deployments/{id}/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Where a deployment's time goes (needs `view`): the latest started pushes with each stage's duration, and
         *     per stage name the median of its latest successful runs (an estimate of a running stage's time left).
         */
        get: operations["pushes_stats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/deployments/{id}/tags": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Succeeded pushes with their tags, newest first: what a rollback can go back to (needs `view`). */
        get: operations["pushes_tags"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/deployments/{id}/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A deployment's webhooks (needs `edit`). Secrets read as `true`/`false`. */
        get: operations["webhooks_list"];
        put?: never;
        /**
         * Adds a webhook (needs `edit`): workers POST each subscribed push event to `url`, signed with `secret` when
         *     one is set, and retry with backoff for up to an hour.
         */
        post: operations["webhooks_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/deployments/{id}/webhooks/{webhook_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Deletes a webhook and its deliveries (needs `edit`). */
        delete: operations["webhooks_remove"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/deployments/{id}/webhooks/{webhook_id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A webhook's deliveries, newest first, each with its attempts (needs `edit`). */
        get: operations["webhooks_list_deliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/events/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Push status changes of every deployment the caller may view, live, as Server-Sent Events: each an
         *     `event: push` with `id: <event id>` and data `{id, deployment_id, application, deployment, push}` (`push` as a
         *     deployment's `last_push`: id, status, tag, user, comment, at). Reconnect with `Last-Event-ID` (or `?after=`)
         *     to get every later change exactly once. Grants are looked at again every few seconds, so a withdrawn grant
         *     stops its deployment's events, and a revoked token ends the stream. `: keep-alive` comments keep it open.
         */
        get: operations["pushes_events_stream"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/freezes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Freeze windows the caller may see (everything's, categories', applications', and those of deployments it may
         *     view), newest first, each with the window in effect now and the next one.
         */
        get: operations["freezes_list"];
        put?: never;
        /**
         * Creates a freeze window, one-off (`starts_at`, `ends_at`) or recurring (`cron`, `duration_minutes`,
         *     `timezone`), on everything or on one category, application or deployment (at most one of their ids). Admins
         *     manage all of them; `edit` on a deployment manages that deployment's.
         */
        post: operations["freezes_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/freezes/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Removes a freeze window (who may create it may remove it). */
        delete: operations["freezes_remove"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/groups": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** All Rolf groups (admins). */
        get: operations["groups_list"];
        put?: never;
        /** Creates a group (admins). Names: letters, digits, `-`, `_`, `.`. */
        post: operations["groups_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/groups/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Deletes a group with its grants and memberships (admins). */
        delete: operations["groups_remove"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/groups/{name}/mappings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The directory groups whose members belong to this group (admins). */
        get: operations["groups_get_mappings"];
        /** Replaces the group's directory mappings (admins). */
        put: operations["groups_put_mappings"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/import/rolf": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Imports from the original Rolf (admins): its cookbook export (`manage.py dump_cookbook`, CSV) and a dump of
         *     its models (`manage.py dumpdata rolf_main auth.group`, JSON), either or both.
         * @description Cookbook recipes are matched by name, groups by name, deployments by application and name; categories and
         *     applications come with their deployments. Shell recipes keep running as the original ran them (from the
         *     checkout directory, without `set -e`); boolean flags pass `1` or an empty value; python recipes that used the
         *     original's objects are imported marked as needing conversion (pushes running them answer 409 until their code
         *     is saved), except the one that records the rollback tag, which is rewritten to write `tag=` to `$ROLF_OUTPUT`.
         *     Push history and users are not imported. One transaction: a refused import (422, `field` naming the place,
         *     e.g. `dump_json[12].fields.recipe`, the message naming the object) changes nothing; `dry_run=true` reports and
         *     changes nothing; importing the same files again changes nothing.
         */
        post: operations["imports_import_rolf"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/logs/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Lines holding `q` in the pushes the caller may view, newest first (by push, then line), a page at a time;
         *     each hit links to its place in the log. A caller that may view nothing gets no hits, never a refusal.
         */
        get: operations["pushes_search"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who the caller is, as Rolf sees it right now. */
        get: operations["me_me"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pushes/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One push with its stages (needs `view` on its deployment). */
        get: operations["pushes_get_one"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pushes/{id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approves a push awaiting approval (its approver group, else `push` on the deployment; never its requester).
         *     Once enough distinct people approved the deployment's stages and settings as they are, it is queued. Approving
         *     twice is 409; a push not awaiting approval is 409.
         */
        post: operations["approvals_approve"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pushes/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancels a push (needs `push`): a queued one never starts; a running one has its stage's process group
         *     sent SIGTERM, then SIGKILL after the grace period. A finished push answers 409.
         */
        post: operations["pushes_cancel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pushes/{id}/continue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Continues a push paused in step mode (needs `push`): its worker runs the next stage. A push that is not
         *     paused answers 409.
         */
        post: operations["pushes_continue_paused"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pushes/{id}/diff": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What changed (needs `view`): the push's stages, settings and flag values against `against`, by default the
         *     deployment's last succeeded push before it. Code changes come as unified diffs; secret values never appear.
         */
        get: operations["pushes_push_diff"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pushes/{id}/log": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A page of the push's log in order: lines after `after`, up to `limit` (needs `view`). Poll with
         *     `after=next_after` until `finished` is true and a page comes back empty.
         */
        get: operations["pushes_log_page"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pushes/{id}/log.txt": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The whole log as plain text (needs `view`): a header, then each stage's lines under a stage heading, each line
         *     with its time and stream (`out`, `err`, `sys`).
         */
        get: operations["pushes_text_log"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pushes/{id}/log/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The push's log live, as Server-Sent Events (needs `view`): first the push's current `push` and `stage`
         *     events, then every line after `after` as an `event: line` with `id: <seq>`, then, live, new lines and status
         *     changes, and finally an `end` event with the final status, after which the stream closes. Reconnect with
         *     `Last-Event-ID` to get every later line exactly once. Comments (`: keep-alive`) keep idle streams open.
         */
        get: operations["pushes_live_log"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pushes/{id}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rejects a push awaiting approval (who may approve may reject; a comment saying why is required): it ends
         *     `rejected` and never runs.
         */
        post: operations["approvals_reject"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pushes/{id}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Resumes a failed, cancelled or lost push (needs `push`): a new push of the same snapshot (stages, code,
         *     settings and flags as they were, not as they are now) that skips the stages that succeeded, except those
         *     marked `rerun_on_resume`, and starts at the first that did not. Answers 202 with the new push, which links
         *     back through `resumed_from`. Any other status (a succeeded push, one still under way) answers 422.
         */
        post: operations["pushes_resume"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/recipes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The shared cookbook (any signed-in user). */
        get: operations["recipes_list"];
        put?: never;
        /** Adds a cookbook recipe (admins). */
        post: operations["recipes_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/recipes/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Imports a cookbook file (admins).
         * @description For example the starter cookbook shipped in `cookbook/starter.json`. Recipes are matched by name: a new name is
         *     created, a known one updated when its language, description or code differ, and left alone otherwise, so
         *     importing a file again never duplicates a recipe. The whole file is checked first and imported in one
         *     transaction: a refused file (422, its `field` naming the place, e.g. `recipes[2].code`, its message naming the
         *     recipe) imports nothing. Every change is audited, and the import itself as `cookbook.import`.
         */
        post: operations["recipes_import_file"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/recipes/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["recipes_get_one"];
        put?: never;
        post?: never;
        /** Deletes a cookbook recipe no stage links (admins); one in use answers 409. */
        delete: operations["recipes_remove"];
        options?: never;
        head?: never;
        /** Changes a cookbook recipe (admins); every stage linking it runs the new code from its next push. */
        patch: operations["recipes_update"];
        trace?: never;
    };
    "/api/v1/recipes/{id}/usages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The stages linking a recipe, among deployments the caller may view. */
        get: operations["recipes_usages"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/service-accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Service accounts: users for bots and CI that sign in with tokens only (admins). */
        get: operations["service_accounts_list"];
        put?: never;
        /** Creates a service account in the given groups (admins). */
        post: operations["service_accounts_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/service-accounts/{name}/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A service account's tokens (admins): name, when made, expires, last used and revoked; never the secret.
         *     Revoke one with `DELETE /tokens/{id}`.
         */
        get: operations["service_accounts_list_tokens"];
        put?: never;
        /** Creates a token for a service account (admins); the secret is shown only in this answer. */
        post: operations["service_accounts_create_token"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stages/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["stages_get_one"];
        put?: never;
        post?: never;
        /** Deletes a stage and its inline code (needs `edit`); pushes that ran it keep their copy. */
        delete: operations["stages_remove"];
        options?: never;
        head?: never;
        /**
         * Changes a stage (needs `edit`). `recipe_id` switches to a cookbook recipe, `code`/`language` to inline
         *     code, `"timeout_seconds": null` back to the default.
         */
        patch: operations["stages_update"];
        trace?: never;
    };
    "/api/v1/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's own API tokens; secrets are never shown again. */
        get: operations["tokens_list"];
        put?: never;
        /** Creates an API token for the caller. The `token` field of this answer is the only time it is shown. */
        post: operations["tokens_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revokes a token at once: the caller's own, or any for admins (a service account's, as
         *     `GET /service-accounts/{name}/tokens` lists them). Revoking a revoked token again changes nothing.
         */
        delete: operations["tokens_revoke"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Live and recently seen workers (admins): host, pid, version, pools, concurrency, running pushes and last
         *     heartbeat. A worker is live while it heartbeats within its lost window (`ROLF_LOST_AFTER_SECONDS`) and has
         *     not stopped; one not seen for a day is no longer listed.
         */
        get: operations["workers_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The process is up (no dependencies checked). */
        get: operations["health_healthz"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Prometheus metrics: pushes by status, queue depth, running pushes, stage durations, log lines stored,
         *     webhook failures, and HTTP requests by route and status.
         */
        get: operations["health_metrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Postgres and Redis both answer: 200; otherwise 503 saying which does not. */
        get: operations["health_readyz"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Access: {
            admin: boolean;
            /**
             * @description How the caller is an admin: its Rolf groups listed in `ROLF_ADMIN_GROUPS`; empty for an account marked
             *     admin itself (a bootstrap or service account) or a non-admin.
             */
            admin_through: string[];
            /** @description Every grant on the deployment, highest level first. */
            grants: components["schemas"]["AccessGrant"][];
            /** @description The caller's level: the highest of its groups' grants, or `edit` for an admin. */
            level: components["schemas"]["Level"];
        };
        AccessGrant: {
            /**
             * @description For the caller's own groups: the directory groups mapped onto it (membership in one of them, or in a
             *     directory group of the same name, made the caller a member at its last sign-in). Empty otherwise.
             */
            directory_groups: string[];
            group: string;
            level: components["schemas"]["Level"];
            /** @description The caller is in this group, so the grant applies to it. */
            member: boolean;
        };
        Application: {
            category_id: components["schemas"]["CategoryId"];
            /** Format: date-time */
            created_at: string;
            id: components["schemas"]["ApplicationId"];
            name: string;
            /** Format: date-time */
            updated_at: string;
        };
        /** Format: int64 */
        ApplicationId: number;
        ApplicationPatch: {
            category_id?: components["schemas"]["CategoryId"] | null;
            /** @description At most 100 characters, not all white space, without '/' or control characters. */
            name?: string | null;
        };
        ApplyReport: {
            application: string;
            category: string;
            /** @description Whether anything changed (on a dry run: would change). */
            changed: boolean;
            /** @description What was made afresh, in this order: the category, the application, the deployment. */
            created: components["schemas"]["Created"][];
            deployment_id?: components["schemas"]["DeploymentId"] | null;
            /** @description Nothing was changed: this is what applying the document would do. */
            dry_run: boolean;
            /** @description The deployment's own fields that changed, named by their place in the document. */
            fields: components["schemas"]["FieldChange"][];
            /** @description Flags by varname. */
            flags: components["schemas"]["PartChanges"];
            name: string;
            /** @description Grants by group. */
            permissions: components["schemas"]["PartChanges"];
            /** @description Settings by name. */
            settings: components["schemas"]["PartChanges"];
            /** @description Stages by name. */
            stages: components["schemas"]["PartChanges"];
            /** @description The stages that were kept now run in another order. */
            stages_reordered: boolean;
            /** @description Webhooks by URL; empty when the document has no `webhooks` (they were left as they are). */
            webhooks: components["schemas"]["PartChanges"];
        };
        Approval: {
            /** Format: date-time */
            at: string;
            comment: string;
            decision: components["schemas"]["Decision"];
            user: string;
            /** @description Given for stages or settings that have changed since: it no longer counts. */
            void: boolean;
        };
        ApprovalInput: {
            comment?: string;
        };
        /** @description Who approves pushes, and how: admins alone change these (as with `PATCH /deployments/{id}`). */
        ApprovalSettings: {
            /** @description 1 to 100 letters, digits, '-', '_' or '.'. */
            approver_group?: string | null;
            /**
             * Format: int32
             * @description 1 to 720 hours; 24 when absent.
             */
            expires_hours?: number;
            /**
             * Format: int32
             * @description Approvals a push needs before it runs (0 to 5; 0 when absent).
             */
            required?: number;
            rollback_without_approval?: boolean;
        };
        Attempt: {
            /** Format: date-time */
            at: string;
            /** Format: int32 */
            duration_ms: number;
            error?: string | null;
            /**
             * Format: int32
             * @description The receiver's HTTP status; `null` when none came (refused, timed out).
             */
            status_code?: number | null;
        };
        AuditEvent: {
            /** @description What happened, as `<target>.<verb>`, e.g. `setting.put`. */
            action: string;
            actor: string;
            actor_id?: components["schemas"]["UserId"] | null;
            after?: unknown;
            /** Format: date-time */
            at: string;
            before?: unknown;
            deployment_id?: components["schemas"]["DeploymentId"] | null;
            id: components["schemas"]["AuditEventId"];
            /** Format: int64 */
            target_id?: number | null;
            target_type: string;
        };
        /** Format: int64 */
        AuditEventId: number;
        AuditPage: {
            /** @description Newest first. */
            events: components["schemas"]["AuditEvent"][];
            next_before?: components["schemas"]["AuditEventId"] | null;
        };
        /**
         * @description What recipes see of a boolean flag: `true_false`, or `one_empty` (`1` when set, empty when not), as the
         *     original Rolf passed a checkbox: recipes imported from it test `[ -n "$FLAG" ]`.
         * @enum {string}
         */
        BooleanAs: "true_false" | "one_empty";
        /** @description The emergency bypass of approvals (and freezes): only `edit` or admins, always with a reason. */
        Bypass: {
            /** @description 1 to 1000 characters, not all white space, without control characters. */
            reason: string;
        };
        CasMethod: {
            /**
             * @description The CAS server (`CAS_URL`). Send the browser to `GET /api/v1/auth/cas/login?service=URL`, which checks the
             *     service against `CAS_ALLOWED_SERVICES`; CAS comes back to it with a ticket for `POST /api/v1/auth/cas`.
             */
            url: string;
        };
        CasTicket: {
            /** @description The service URL the ticket was issued for; must start with one of `CAS_ALLOWED_SERVICES`. */
            service: string;
            ticket: string;
        };
        Category: {
            /** Format: date-time */
            created_at: string;
            id: components["schemas"]["CategoryId"];
            name: string;
            /** Format: date-time */
            updated_at: string;
        };
        /** Format: int64 */
        CategoryId: number;
        CategoryInput: {
            /** @description At most 100 characters, not all white space, without '/' or control characters. */
            name: string;
        };
        /** @enum {string} */
        ChangeKind: "added" | "removed" | "changed";
        CloneInput: {
            application_id?: components["schemas"]["ApplicationId"] | null;
            /** @description At most 100 characters, not all white space, without '/' or control characters. */
            name: string;
        };
        /** @description A cookbook file: recipes, and snippets of code several recipes start with. */
        CookbookFile: {
            description?: string;
            recipes: components["schemas"]["FileRecipe"][];
            /**
             * Format: int32
             * @description The format's version: 1.
             */
            rolf_cookbook: number;
            /** @description Code shared by several recipes, by name: a recipe listing one in its `snippets` starts with it. Recipes are stored with their snippets written out, so each runs on its own. */
            snippets?: {
                [key: string]: string;
            };
        };
        /** @enum {string} */
        Created: "category" | "application" | "deployment";
        /** @enum {string} */
        Decision: "approve" | "reject";
        Delivery: {
            /** @description Oldest first. */
            attempts: components["schemas"]["Attempt"][];
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            delivered_at?: string | null;
            event: components["schemas"]["WebhookEvent"];
            /** @description Also sent as the `X-Rolf-Delivery` header: a receiver can drop a repeat (delivery is at least once). */
            id: components["schemas"]["WebhookDeliveryId"];
            last_error?: string | null;
            /**
             * Format: date-time
             * @description When a pending delivery is (re)tried next; `null` once it is delivered or failed.
             */
            next_attempt_at?: string | null;
            /** @description The push and deployment as they were at the event. */
            payload: Record<string, never>;
            push_id: components["schemas"]["PushId"];
            status: components["schemas"]["DeliveryStatus"];
            webhook_id: components["schemas"]["WebhookId"];
        };
        /**
         * @description `pending` until a 2xx answer (`delivered`) or until retries ran out (`failed`).
         * @enum {string}
         */
        DeliveryStatus: "pending" | "delivered" | "failed";
        Deployment: {
            /** @description The application's name: with `name`, the `application/deployment` path clients use. */
            application: string;
            application_id: components["schemas"]["ApplicationId"];
            /**
             * Format: int32
             * @description Hours a push waits for its approvals before it expires.
             */
            approval_expires_hours: number;
            /**
             * Format: int32
             * @description Approvals a push needs before it runs, from people other than its requester (0: none).
             */
            approvals_required: number;
            /** @description The Rolf group whose members approve; `null`: anyone with `push` on the deployment. */
            approver_group?: string | null;
            category_id: components["schemas"]["CategoryId"];
            /** Format: date-time */
            created_at: string;
            deprecated: boolean;
            description: string;
            frozen?: components["schemas"]["Window"] | null;
            id: components["schemas"]["DeploymentId"];
            last_push?: components["schemas"]["LastPush"] | null;
            /** @description The caller's own level on this deployment. */
            level: components["schemas"]["Level"];
            /**
             * Format: int32
             * @description Days after a push finished that its log lines are kept, overriding `ROLF_LOG_RETENTION_DAYS`; `null`:
             *     that default (which itself defaults to forever).
             */
            log_retention_days?: number | null;
            name: string;
            next_freeze?: components["schemas"]["Window"] | null;
            /** @description The worker pool its pushes run in (workers serving it: `ROLF_WORKER_POOLS`). */
            pool: string;
            /** @description A rollback runs without approvals. */
            rollback_without_approval: boolean;
            /** Format: date-time */
            updated_at: string;
        };
        /**
         * @description A deployment as one document. Applying it makes the deployment match: a part left out is empty (no settings,
         *     no stages...) or takes a new deployment's default, except `webhooks`, which stay as they are when left out.
         */
        DeploymentDocument: {
            /** @description At most 100 characters, not all white space, without '/' or control characters. */
            application: string;
            approvals?: components["schemas"]["ApprovalSettings"];
            /** @description At most 100 characters, not all white space, without '/' or control characters. */
            category?: string | null;
            deprecated?: boolean;
            description?: string;
            flags?: components["schemas"]["FlagDoc"][];
            /**
             * Format: int32
             * @description 1 to 36500 days; `null` or absent for `ROLF_LOG_RETENTION_DAYS`.
             */
            log_retention_days?: number | null;
            /** @description At most 100 characters, not all white space, without '/' or control characters. */
            name: string;
            permissions?: components["schemas"]["PermissionDoc"][];
            /** @description A worker pool: 1 to 50 lowercase letters, digits, '-' or '_', starting with a letter or digit. */
            pool?: string;
            /**
             * Format: int32
             * @description The document format's version: 1.
             */
            rolf: number;
            settings?: components["schemas"]["SettingDoc"][];
            /** @description In the order they run. */
            stages?: components["schemas"]["StageDoc"][];
            /**
             * @description Exported for callers with `edit` (who may read webhooks). Applying a document without them leaves the
             *     deployment's webhooks as they are.
             */
            webhooks?: components["schemas"]["WebhookDoc"][] | null;
        };
        /** Format: int64 */
        DeploymentId: number;
        DeploymentPatch: {
            /**
             * Format: int32
             * @description 1 to 720 hours.
             */
            approval_expires_hours?: number | null;
            /**
             * Format: int32
             * @description 0 to 5 (admins only, like every approval setting).
             */
            approvals_required?: number | null;
            /** @description A group's name, or `null` for anyone with `push` on the deployment. */
            approver_group?: string | null;
            deprecated?: boolean | null;
            description?: string | null;
            /**
             * Format: int32
             * @description 1 to 36500 days, or `null` for `ROLF_LOG_RETENTION_DAYS`.
             */
            log_retention_days?: number | null;
            /** @description At most 100 characters, not all white space, without '/' or control characters. */
            name?: string | null;
            /** @description A worker pool: 1 to 50 lowercase letters, digits, '-' or '_', starting with a letter or digit. */
            pool?: string | null;
            rollback_without_approval?: boolean | null;
        };
        DeploymentStats: {
            /** @description Per stage name, from its latest successful runs. */
            estimates: components["schemas"]["StageEstimate"][];
            /** @description The latest started pushes, newest first. */
            pushes: components["schemas"]["PushDurations"][];
        };
        Diff: {
            against?: components["schemas"]["PushId"] | null;
            flags: components["schemas"]["ValueChange"][];
            push_id?: components["schemas"]["PushId"] | null;
            settings: components["schemas"]["ValueChange"][];
            stages: components["schemas"]["StageChange"][];
            /** @description True when nothing differs. */
            unchanged: boolean;
        };
        ErrorBody: {
            error: components["schemas"]["ErrorDetail"];
        };
        ErrorDetail: {
            /**
             * @description Stable, machine-readable: `bad_request`, `unauthorized`, `forbidden`, `not_found`, `conflict`, `frozen`,
             *     `payload_too_large`, `unsupported_media_type`, `invalid`, `too_many_requests`, `unavailable`,
             *     `directory_unavailable`, `internal`.
             */
            code: string;
            /** @description For `invalid`: the input field at fault. */
            field?: string | null;
            message: string;
        };
        /** @description One status change, shaped like a deployment's `last_push` so a dashboard can show it as it comes. */
        FeedEvent: {
            application: string;
            deployment: string;
            deployment_id?: components["schemas"]["DeploymentId"] | null;
            /**
             * Format: int64
             * @description The event's place in the feed: send it back as `Last-Event-ID` to resume after it.
             */
            id: number;
            /** @description The push as of this change: `status` is the new status, `at` when it changed. */
            push: components["schemas"]["LastPush"];
        };
        /** @description One of the deployment's own fields: its value before and after, as text (`null` for none). */
        FieldChange: {
            after?: string | null;
            before?: string | null;
            /** @description e.g. `description`, `approvals.required`. */
            field: string;
        };
        /** @description One recipe of a cookbook file. */
        FileRecipe: {
            /** @description At most 262144 characters, not all white space, without NUL. */
            code: string;
            description?: string;
            language: components["schemas"]["Language"];
            /** @description At most 100 characters, not all white space, without '/' or control characters. */
            name: string;
            /** @description Names of snippets the code starts with, in this order. */
            snippets?: string[];
        };
        Flag: {
            /** @description A boolean flag's values as recipes see them. */
            boolean_as: components["schemas"]["BooleanAs"];
            /** @description A choice flag's allowed values, in the order offered. */
            choices: string[];
            /** Format: date-time */
            created_at: string;
            /** @description The value a push takes when it gives none; empty for a required flag. */
            default: string;
            deployment_id: components["schemas"]["DeploymentId"];
            description: string;
            id: components["schemas"]["FlagId"];
            kind: components["schemas"]["FlagKind"];
            name: string;
            /** @description A text flag's regular expression; the whole value must match it. */
            pattern?: string | null;
            /** @description A required flag has no default: every push must give its value. */
            required: boolean;
            /** Format: date-time */
            updated_at: string;
            /** @description The environment variable a stage reads the value from. */
            varname: string;
        };
        FlagDoc: {
            /** @description Boolean flags only: what recipes see (`true_false` when absent). */
            boolean_as?: components["schemas"]["BooleanAs"];
            choices?: string[];
            default?: string | null;
            description?: string;
            /** @description `text` when absent. */
            kind?: components["schemas"]["FlagKind"];
            /** @description At most 100 characters, not all white space, without '/' or control characters. */
            name: string;
            /** @description A regular expression (Rust `regex` syntax) the whole value must match; only for text flags. */
            pattern?: string | null;
            required?: boolean;
            /** @description An environment variable name: a letter or '_', then letters, digits or '_' (at most 100); not ROLF_*, nor one of the variables Rolf sets itself. A flag and a setting of one deployment cannot share it. */
            varname: string;
        };
        /** Format: int64 */
        FlagId: number;
        /**
         * @description `text`: free text, matching `pattern` when there is one; `boolean`: `true` or `false`; `choice`: one of
         *     `choices`.
         * @enum {string}
         */
        FlagKind: "text" | "boolean" | "choice";
        FlagPatch: {
            boolean_as?: components["schemas"]["BooleanAs"] | null;
            choices?: string[] | null;
            default?: string | null;
            description?: string | null;
            kind?: components["schemas"]["FlagKind"] | null;
            /** @description At most 100 characters, not all white space, without '/' or control characters. */
            name?: string | null;
            /** @description A regular expression (Rust `regex` syntax) the whole value must match; only for text flags. */
            pattern?: string | null;
            required?: boolean | null;
            /** @description An environment variable name: a letter or '_', then letters, digits or '_' (at most 100); not ROLF_*, nor one of the variables Rolf sets itself. A flag and a setting of one deployment cannot share it. */
            varname?: string | null;
        };
        Freeze: {
            active?: components["schemas"]["Window"] | null;
            application_id?: components["schemas"]["ApplicationId"] | null;
            category_id?: components["schemas"]["CategoryId"] | null;
            /** Format: date-time */
            created_at: string;
            created_by: string;
            /** @description A recurring window: a 5-field cron pattern in `timezone`, lasting `duration_minutes`. */
            cron?: string | null;
            deployment_id?: components["schemas"]["DeploymentId"] | null;
            /** Format: int32 */
            duration_minutes?: number | null;
            /** Format: date-time */
            ends_at?: string | null;
            /** Format: int64 */
            id: number;
            next?: components["schemas"]["Window"] | null;
            reason: string;
            /**
             * Format: date-time
             * @description A one-off window.
             */
            starts_at?: string | null;
            timezone?: string | null;
        };
        Grant: {
            level: components["schemas"]["Level"];
        };
        Group: {
            /** Format: date-time */
            created_at: string;
            description: string;
            id: components["schemas"]["GroupId"];
            name: string;
        };
        /** Format: int64 */
        GroupId: number;
        Health: {
            status: string;
        };
        /** @description What an import did, recipe by recipe in the file's order, and the counts. */
        ImportReport: {
            created: number;
            recipes: components["schemas"]["ImportedRecipe"][];
            unchanged: number;
            updated: number;
        };
        ImportedRecipe: {
            id: components["schemas"]["RecipeId"];
            name: string;
            outcome: components["schemas"]["Outcome"];
        };
        /** @description A token as created: the secret `token` is in this response and nowhere else, ever. */
        IssuedToken: components["schemas"]["Token"] & {
            token: string;
        };
        /**
         * @description How a recipe's code is run: bash recipes with `bash -eo pipefail`, python with `python3`.
         * @enum {string}
         */
        Language: "bash" | "python";
        /** @description A deployment's latest push (the one with the highest id), whatever its status. */
        LastPush: {
            /**
             * Format: date-time
             * @description When it finished, else when it started, else when it was requested.
             */
            at: string;
            comment: string;
            id: components["schemas"]["PushId"];
            status: components["schemas"]["PushStatus"];
            /** @description Set when it succeeded. */
            tag?: string | null;
            /** @description Who asked for it. */
            user: string;
        };
        /**
         * @description A grant on a deployment. `edit` includes `push` includes `view`.
         * @enum {string}
         */
        Level: "view" | "push" | "edit";
        LogLine: {
            /** Format: date-time */
            at: string;
            /** Format: int64 */
            seq: number;
            /**
             * Format: int32
             * @description The stage's place in the push; `null` for push-level system lines.
             */
            stage?: number | null;
            stage_id?: components["schemas"]["StageId"] | null;
            stream: components["schemas"]["Stream"];
            text: string;
        };
        LogPage: {
            /** @description The push has finished: once a page comes back empty, there is nothing more to wait for. */
            finished: boolean;
            lines: components["schemas"]["LogLine"][];
            /**
             * Format: int64
             * @description Pass as `after` for the next page (the last line's `seq`, or `after` itself when no line came).
             */
            next_after: number;
        };
        Login: {
            password: string;
            username: string;
        };
        /** @description The directory groups (LDAP or CAS group names) whose members belong to a Rolf group. */
        Mappings: {
            mappings: string[];
        };
        Me: {
            admin: boolean;
            groups: string[];
            username: string;
        };
        NewApplication: {
            category_id: components["schemas"]["CategoryId"];
            /** @description At most 100 characters, not all white space, without '/' or control characters. */
            name: string;
        };
        NewDeployment: {
            application_id: components["schemas"]["ApplicationId"];
            description?: string;
            /** @description At most 100 characters, not all white space, without '/' or control characters. */
            name: string;
            /** @description A worker pool: 1 to 50 lowercase letters, digits, '-' or '_', starting with a letter or digit. */
            pool?: string | null;
        };
        NewFlag: {
            boolean_as?: components["schemas"]["BooleanAs"] | null;
            choices?: string[] | null;
            default?: string | null;
            description?: string;
            kind?: components["schemas"]["FlagKind"] | null;
            /** @description At most 100 characters, not all white space, without '/' or control characters. */
            name: string;
            /** @description A regular expression (Rust `regex` syntax) the whole value must match; only for text flags. */
            pattern?: string | null;
            required?: boolean;
            /** @description An environment variable name: a letter or '_', then letters, digits or '_' (at most 100); not ROLF_*, nor one of the variables Rolf sets itself. A flag and a setting of one deployment cannot share it. */
            varname: string;
        };
        NewFreeze: {
            application_id?: components["schemas"]["ApplicationId"] | null;
            category_id?: components["schemas"]["CategoryId"] | null;
            /** @description A 5-field cron pattern: minute hour day-of-month month day-of-week. */
            cron?: string | null;
            deployment_id?: components["schemas"]["DeploymentId"] | null;
            /** Format: int32 */
            duration_minutes?: number | null;
            /** Format: date-time */
            ends_at?: string | null;
            /** @description 1 to 1000 characters, not all white space, without control characters. */
            reason: string;
            /**
             * Format: date-time
             * @description With `ends_at`: a one-off window.
             */
            starts_at?: string | null;
            /** @description An IANA time zone name such as Europe/Berlin or UTC. */
            timezone?: string | null;
        };
        NewGroup: {
            description?: string;
            /** @description 1 to 100 letters, digits, '-', '_' or '.'. */
            name: string;
        };
        NewPush: {
            bypass?: components["schemas"]["Bypass"] | null;
            comment?: string;
            /** @description Flag values by `varname`; flags left out take their defaults. */
            flags?: {
                [key: string]: string;
            };
            rollback_to?: components["schemas"]["PushId"] | null;
            /** @description Step mode: pause before each stage after the first until `POST /pushes/{id}/continue`. */
            step?: boolean;
        };
        NewRecipe: {
            /** @description At most 262144 characters, not all white space, without NUL. */
            code: string;
            description?: string;
            language: components["schemas"]["Language"];
            /** @description At most 100 characters, not all white space, without '/' or control characters. */
            name: string;
        };
        NewSchedule: {
            /**
             * Format: date-time
             * @description Instead of `cron`: one push at this time.
             */
            at?: string | null;
            /**
             * Format: int32
             * @description How late a missed tick may still fire at start-up (default 15).
             */
            catch_up_minutes?: number | null;
            comment?: string;
            /** @description A 5-field cron pattern: minute hour day-of-month month day-of-week. */
            cron?: string | null;
            enabled?: boolean;
            /** @description Flag values by `varname`; flags left out take their defaults. */
            flags?: {
                [key: string]: string;
            };
            /** @description An IANA time zone name such as Europe/Berlin or UTC. */
            timezone?: string | null;
        };
        NewServiceAccount: {
            groups?: string[];
            /** @description 1 to 100 letters, digits, '-', '_' or '.'. */
            name: string;
        };
        /** @description Either `recipe_id` (link a cookbook recipe) or `language` and `code` (inline code). */
        NewStage: {
            /** @description At most 262144 characters, not all white space, without NUL. */
            code?: string | null;
            language?: components["schemas"]["Language"] | null;
            /** @description At most 100 characters, not all white space, without '/' or control characters. */
            name: string;
            recipe_id?: components["schemas"]["RecipeId"] | null;
            /** @description Run again when a push is resumed past this stage (default false). */
            rerun_on_resume?: boolean;
            /**
             * Format: int32
             * @description Seconds, 1 to 604800 (a week); `null` or absent: the worker's default.
             */
            timeout_seconds?: number | null;
        };
        NewToken: {
            /**
             * Format: int64
             * @description Omit for a token that never expires.
             */
            expires_in_days?: number | null;
            /** @description At most 100 characters, not all white space, without '/' or control characters. */
            name: string;
        };
        NewWebhook: {
            /**
             * @description At least one of `push.queued`, `push.started`, `push.succeeded`, `push.failed`, `push.cancelled`,
             *     `push.lost`.
             */
            events: components["schemas"]["WebhookEvent"][];
            format?: components["schemas"]["WebhookFormat"] | null;
            /** @description Key of the HMAC-SHA256 of each body, sent as `X-Rolf-Signature: sha256=<hex>`. Write-only. */
            secret?: string | null;
            /** @description An `http://` or `https://` URL the workers POST to: a host name (ASCII, no `xn--` label), an IPv4 address or an [IPv6] one, an optional port, then a path, query or fragment without white space or control characters. White space around it is dropped. */
            url: string;
        };
        /** @description What to import: the original's cookbook export, a dump of its models, or both. */
        OriginalExport: {
            /**
             * @description The text of `manage.py dump_cookbook`: CSV rows of name, language (`shell` or `python`), code and
             *     description.
             */
            cookbook_csv?: string | null;
            /** @description The text of `manage.py dumpdata rolf_main auth.group`: a JSON array of Django objects. */
            dump_json?: string | null;
        };
        /**
         * @description What an import did to one recipe.
         * @enum {string}
         */
        Outcome: "created" | "updated" | "unchanged";
        /** @description The items of one part of the deployment that were created, updated or removed. */
        PartChanges: {
            created: string[];
            removed: string[];
            updated: components["schemas"]["Updated"][];
        };
        Permission: {
            /** Format: date-time */
            created_at: string;
            group: string;
            level: components["schemas"]["Level"];
        };
        PermissionDoc: {
            /** @description 1 to 100 letters, digits, '-', '_' or '.'. */
            group: string;
            level: components["schemas"]["Level"];
        };
        Push: {
            application: string;
            /**
             * Format: date-time
             * @description While `awaiting_approval`: when it expires.
             */
            approval_expires_at?: string | null;
            /** @description Approvals and rejections given, oldest first. */
            approvals: components["schemas"]["Approval"][];
            /**
             * Format: int32
             * @description Approvals it needed when requested (0: none, or bypassed).
             */
            approvals_required: number;
            /** @description Set when approvals were bypassed in an emergency: the reason given. */
            bypass_reason?: string | null;
            cancel_requested: boolean;
            comment: string;
            /** Format: date-time */
            created_at: string;
            deployment: string;
            deployment_id?: components["schemas"]["DeploymentId"] | null;
            /** @description Why the push failed, when Rolf itself (not a stage) decided it. */
            error?: string | null;
            /** Format: date-time */
            finished_at?: string | null;
            /** @description Every flag's value as run, defaults filled in. */
            flags: Record<string, never>;
            id: components["schemas"]["PushId"];
            /**
             * Format: date-time
             * @description When its log lines were removed by retention (`ROLF_LOG_RETENTION_DAYS` or the deployment's
             *     `log_retention_days`); `null` while they are kept.
             */
            log_pruned_at?: string | null;
            /**
             * Format: int64
             * @description How many lines its log had when they were removed; `null` while they are kept.
             */
            log_pruned_lines?: number | null;
            /**
             * Format: int32
             * @description While `paused`: the position of the stage that runs on continue.
             */
            paused_before?: number | null;
            /** @description The worker pool it runs in: its deployment's when it was made. */
            pool: string;
            resumed_from?: components["schemas"]["PushId"] | null;
            rollback_to?: components["schemas"]["PushId"] | null;
            /**
             * Format: int64
             * @description The schedule that made it, if one did.
             */
            schedule_id?: number | null;
            stages: components["schemas"]["PushStage"][];
            /** Format: date-time */
            started_at?: string | null;
            status: components["schemas"]["PushStatus"];
            /** @description Step mode: the push pauses before each stage after the first until continued. */
            step: boolean;
            /** @description Set when the push succeeded. */
            tag?: string | null;
            /** @description Who asked for the push. */
            user: string;
            /**
             * @description Why it has not started: while `awaiting_approval`, the approvals it still needs and from whom; while
             *     `queued`, the freeze holding it ("frozen until ...") or, when no live worker serves its pool, "pool NAME
             *     has no live worker". `null` otherwise.
             */
            waiting_for?: string | null;
            /** @description The worker that ran (or runs) it. */
            worker?: string | null;
        };
        PushDurations: {
            /** Format: date-time */
            finished_at?: string | null;
            /** Format: int64 */
            push_id: number;
            /** @description Each stage that ran, in order; `seconds` is `null` while it runs. */
            stages: components["schemas"]["StageDuration"][];
            /** Format: date-time */
            started_at: string;
            status: string;
        };
        /** Format: int64 */
        PushId: number;
        PushStage: {
            /** Format: int32 */
            exit_code?: number | null;
            /** Format: date-time */
            finished_at?: string | null;
            name: string;
            /**
             * Format: int32
             * @description 0-based place in the push.
             */
            position: number;
            /** @description Runs again when a later stage is resumed (a checkout the stages after it need). */
            rerun_on_resume: boolean;
            stage_id?: components["schemas"]["StageId"] | null;
            /** Format: date-time */
            started_at?: string | null;
            status: components["schemas"]["StageStatus"];
            succeeded_in?: components["schemas"]["PushId"] | null;
        };
        /**
         * @description Where a push is in its life. `awaiting_approval`: recorded, waiting for approvals before it may start;
         *     `paused`: in step mode, waiting for a continue before its next stage; `lost`: its worker stopped
         *     heartbeating mid-run; `rejected` and `expired`: an approver rejected it, or approvals did not come in time
         *     (it never ran).
         * @enum {string}
         */
        PushStatus: "awaiting_approval" | "queued" | "running" | "paused" | "succeeded" | "failed" | "cancelled" | "lost" | "rejected" | "expired";
        Readiness: {
            postgres: boolean;
            redis: boolean;
            status: string;
        };
        Recipe: {
            code: string;
            /** Format: date-time */
            created_at: string;
            description: string;
            id: components["schemas"]["RecipeId"];
            language: components["schemas"]["Language"];
            /** @description Always set for cookbook recipes (inline recipes are never listed here). */
            name: string;
            /**
             * @description Set on a recipe imported from the original Rolf that cannot run as it is (python using the original's
             *     objects, Python 2 syntax): why. Pushes of deployments running it are refused until new code is saved.
             */
            needs_conversion?: string | null;
            /** Format: date-time */
            updated_at: string;
        };
        /** Format: int64 */
        RecipeId: number;
        RecipePatch: {
            /** @description At most 262144 characters, not all white space, without NUL. */
            code?: string | null;
            description?: string | null;
            language?: components["schemas"]["Language"] | null;
            /** @description At most 100 characters, not all white space, without '/' or control characters. */
            name?: string | null;
        };
        ResumePush: {
            comment?: string | null;
        };
        RolfImportConversion: {
            note: string;
            place: string;
        };
        RolfImportDeployment: {
            application: string;
            category: string;
            deployment_id?: components["schemas"]["DeploymentId"] | null;
            name: string;
            outcome: components["schemas"]["Outcome"];
        };
        RolfImportFlagged: {
            /** @description The cookbook recipe, or the deployment and stage whose inline code it is. */
            place: string;
            reason: string;
        };
        RolfImportGroup: {
            name: string;
            /** @description `created`, or `unchanged` for a group that existed. */
            outcome: components["schemas"]["Outcome"];
        };
        RolfImportRecipe: {
            /** @description What the import rewrote. */
            converted?: string | null;
            name: string;
            /** @description Why it cannot run as it is. */
            needs_conversion?: string | null;
            outcome: components["schemas"]["Outcome"];
        };
        RolfImportReport: {
            /** @description Whether anything changed (on a dry run: would change). A second import of the same files changes nothing. */
            changed: boolean;
            /** @description What the import rewrote so that it runs in Rolf as it ran in the original. */
            converted: components["schemas"]["RolfImportConversion"][];
            deployments: components["schemas"]["RolfImportDeployment"][];
            /** @description Nothing was changed: this is what importing would do. */
            dry_run: boolean;
            /**
             * @description Every recipe, in the cookbook or a stage's inline code, that cannot run as it is: pushes of deployments
             *     running one are refused until its converted code is saved.
             */
            flagged: components["schemas"]["RolfImportFlagged"][];
            /** @description Rolf groups named after the original's groups. */
            groups: components["schemas"]["RolfImportGroup"][];
            /** @description Cookbook recipes, by name. */
            recipes: components["schemas"]["RolfImportRecipe"][];
            /** @description Objects of the dump that are not imported, by model. */
            skipped: components["schemas"]["RolfImportSkipped"][];
        };
        RolfImportSkipped: {
            count: number;
            /** @description e.g. `rolf_main.push`. */
            model: string;
            reason: string;
        };
        Run: {
            detail: string;
            /** Format: date-time */
            fire_at: string;
            outcome: components["schemas"]["RunOutcome"];
            push_id?: components["schemas"]["PushId"] | null;
        };
        /**
         * @description What a tick did: made a push, was skipped by a freeze, was too late to fire, or could not push.
         * @enum {string}
         */
        RunOutcome: "pushed" | "frozen" | "missed" | "failed";
        Schedule: {
            /**
             * Format: date-time
             * @description A one-off schedule's time.
             */
            at?: string | null;
            /** Format: int32 */
            catch_up_minutes: number;
            comment: string;
            /** Format: date-time */
            created_at: string;
            cron?: string | null;
            deployment_id: components["schemas"]["DeploymentId"];
            enabled: boolean;
            flags: Record<string, never>;
            /** Format: int64 */
            id: number;
            /** @description The next times it fires (none when disabled or a one-off already done). */
            next_fires: string[];
            /** @description Its pushes are made as this user, with this user's rights at the time. */
            owner: string;
            /** @description Its latest ticks, newest first. */
            recent_runs: components["schemas"]["Run"][];
            timezone?: string | null;
        };
        SchedulePatch: {
            /** @description A disabled schedule does not fire; enabled again, it takes up its ticks from now (none missed is fired). */
            enabled: boolean;
        };
        SearchHit: {
            application: string;
            /** Format: date-time */
            at: string;
            deployment: string;
            deployment_id?: components["schemas"]["DeploymentId"] | null;
            /** @description That place in the log: a page of `GET /pushes/{id}/log` starting at this line. */
            log_url: string;
            push_id: components["schemas"]["PushId"];
            /** Format: int64 */
            seq: number;
            /**
             * Format: int32
             * @description The stage's place in the push; `null` for push-level system lines.
             */
            stage?: number | null;
            stream: components["schemas"]["Stream"];
            text: string;
        };
        SearchPage: {
            /** @description Newest first: by push, then by line. */
            hits: components["schemas"]["SearchHit"][];
            /** @description Pass as `before` for the next page; `null` on the last page. */
            next_before?: string | null;
        };
        ServiceAccount: {
            /** Format: date-time */
            created_at: string;
            groups: string[];
            id: components["schemas"]["UserId"];
            name: string;
        };
        Setting: {
            name: string;
            secret: boolean;
            /** Format: date-time */
            updated_at: string;
            /** @description `null` for a secret: its value can be replaced but never read back. */
            value?: string | null;
        };
        SettingDoc: {
            /** @description An environment variable name: a letter or '_', then letters, digits or '_' (at most 100); not ROLF_*, nor one of the variables Rolf sets itself. A flag and a setting of one deployment cannot share it. */
            name: string;
            secret?: boolean;
            value?: string | null;
        };
        SettingInput: {
            secret?: boolean;
            value: string;
        };
        /** @description The sign-in methods that are on, for a sign-in page to offer. */
        SignInMethods: {
            cas?: components["schemas"]["CasMethod"] | null;
            /** @description Username and password against the directory: `POST /api/v1/auth/login`. */
            ldap: boolean;
        };
        SignedIn: {
            /** Format: date-time */
            expires_at: string;
            /** @description Send as `Authorization: Bearer <token>`. */
            token: string;
            user: components["schemas"]["Me"];
        };
        Stage: {
            code: string;
            /** Format: date-time */
            created_at: string;
            deployment_id: components["schemas"]["DeploymentId"];
            id: components["schemas"]["StageId"];
            language: components["schemas"]["Language"];
            name: string;
            /**
             * @description Why the recipe it runs (linked or inline) cannot run as it is, when imported from the original Rolf:
             *     pushes are refused until new code is saved.
             */
            needs_conversion?: string | null;
            /**
             * Format: int32
             * @description 0-based place in the deployment's order.
             */
            position: number;
            recipe_id?: components["schemas"]["RecipeId"] | null;
            recipe_name?: string | null;
            /**
             * @description Runs again when a push is resumed past it: every push has a fresh work directory, so a stage that
             *     prepares it (a checkout) is needed by the stages after it.
             */
            rerun_on_resume: boolean;
            /**
             * Format: int32
             * @description `null` means the worker's default (`ROLF_STAGE_TIMEOUT_SECONDS`).
             */
            timeout_seconds?: number | null;
            /** Format: date-time */
            updated_at: string;
        };
        StageChange: {
            change: components["schemas"]["ChangeKind"];
            /**
             * @description A unified diff of the code (recipe links resolved as they were run); `null` when the code is the same.
             *     An added or removed stage has its whole code here.
             */
            code_diff?: string | null;
            language: components["schemas"]["Language"];
            /** @description Its order relative to the other stages changed. */
            moved: boolean;
            /** @description The stage's name (its old one when removed). */
            name: string;
            old_language?: components["schemas"]["Language"] | null;
            /** @description Set when the stage was renamed: its name before. */
            old_name?: string | null;
            /**
             * Format: int32
             * @description 0-based place on the older side; `null` when added.
             */
            old_position?: number | null;
            /** Format: int32 */
            old_timeout_seconds?: number | null;
            /**
             * Format: int32
             * @description 0-based place on the newer side; `null` when removed.
             */
            position?: number | null;
            /** @description The timeout changed (`null` on either side is the worker's default). */
            timeout_changed: boolean;
            /** Format: int32 */
            timeout_seconds?: number | null;
        };
        StageDoc: {
            /** @description At most 262144 characters, not all white space, without NUL. */
            code?: string | null;
            language?: components["schemas"]["Language"] | null;
            /** @description At most 100 characters, not all white space, without '/' or control characters. */
            name: string;
            /** @description At most 100 characters, not all white space, without '/' or control characters. */
            recipe?: string | null;
            rerun_on_resume?: boolean;
            /**
             * Format: int32
             * @description Seconds, 1 to 604800 (a week); `null` or absent: the worker's default.
             */
            timeout_seconds?: number | null;
        };
        StageDuration: {
            name: string;
            /** Format: double */
            seconds?: number | null;
            status: string;
        };
        StageEstimate: {
            /**
             * Format: double
             * @description The median duration of the runs counted.
             */
            median_seconds: number;
            name: string;
            /** Format: int64 */
            runs: number;
        };
        /** Format: int64 */
        StageId: number;
        StageOrder: {
            /** @description Every stage of the deployment, each once, in the new order. */
            stage_ids: number[];
        };
        /**
         * @description Absent fields stay as they are. `recipe_id` switches to a cookbook recipe; `code` (and `language`) to
         *     inline code; `"timeout_seconds": null` returns to the default.
         */
        StagePatch: {
            /** @description At most 262144 characters, not all white space, without NUL. */
            code?: string | null;
            language?: components["schemas"]["Language"] | null;
            /** @description At most 100 characters, not all white space, without '/' or control characters. */
            name?: string | null;
            recipe_id?: components["schemas"]["RecipeId"] | null;
            rerun_on_resume?: boolean | null;
            /**
             * Format: int32
             * @description Seconds, 1 to 604800 (a week); `null` or absent: the worker's default.
             */
            timeout_seconds?: number | null;
        };
        /** @enum {string} */
        StageStatus: "pending" | "running" | "succeeded" | "failed" | "skipped" | "cancelled";
        /**
         * @description Where a line came from. Stored as one digit (0, 1, 2) in the chunk's body.
         * @enum {string}
         */
        Stream: "stdout" | "stderr" | "system";
        Tag: {
            comment: string;
            /** Format: date-time */
            finished_at?: string | null;
            push_id: components["schemas"]["PushId"];
            tag: string;
            user: string;
        };
        Token: {
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            expires_at?: string | null;
            id: components["schemas"]["TokenId"];
            /** Format: date-time */
            last_used_at?: string | null;
            name: string;
            /** Format: date-time */
            revoked_at?: string | null;
            user_id: components["schemas"]["UserId"];
        };
        /** Format: int64 */
        TokenId: number;
        /** @description An item that was kept and changed: which of its fields changed (a secret's `value`, never the value itself). */
        Updated: {
            fields: string[];
            name: string;
        };
        /** @description A stage that links a cookbook recipe. */
        Usage: {
            application: string;
            application_id: components["schemas"]["ApplicationId"];
            deployment: string;
            deployment_id: components["schemas"]["DeploymentId"];
            stage: string;
            stage_id: components["schemas"]["StageId"];
        };
        /** Format: int64 */
        UserId: number;
        ValueChange: {
            change: components["schemas"]["ChangeKind"];
            /** @description The setting's name or the flag's varname. */
            name: string;
            new?: string | null;
            /** @description `null` when absent, or when the setting is secret on either side: a secret value is never shown. */
            old?: string | null;
            secret: boolean;
        };
        Webhook: {
            /** Format: date-time */
            created_at: string;
            deployment_id: components["schemas"]["DeploymentId"];
            events: components["schemas"]["WebhookEvent"][];
            format: components["schemas"]["WebhookFormat"];
            id: components["schemas"]["WebhookId"];
            /** @description Whether bodies are signed (`X-Rolf-Signature`); the secret itself is never shown. */
            secret: boolean;
            url: string;
        };
        /** Format: int64 */
        WebhookDeliveryId: number;
        WebhookDoc: {
            events: components["schemas"]["WebhookEvent"][];
            /** @description `json` when absent. */
            format?: components["schemas"]["WebhookFormat"];
            /** @description Write-only: the key of the bodies' HMAC, never exported. */
            secret?: string | null;
            /**
             * @description Whether it signs its bodies. Applying: a signed hook without `secret` keeps the secret it has (a new one
             *     must be given its secret).
             */
            signed?: boolean;
            /** @description An `http://` or `https://` URL the workers POST to: a host name (ASCII, no `xn--` label), an IPv4 address or an [IPv6] one, an optional port, then a path, query or fragment without white space or control characters. White space around it is dropped. */
            url: string;
        };
        /**
         * @description What happened to a push: one event per status it enters (`push.started` when it starts running).
         * @enum {string}
         */
        WebhookEvent: "push.awaiting_approval" | "push.approved" | "push.rejected" | "push.expired" | "push.bypassed" | "push.queued" | "push.started" | "push.paused" | "push.succeeded" | "push.failed" | "push.cancelled" | "push.lost";
        /**
         * @description `json`: Rolf's own body; `slack`: a Slack-compatible message (text plus an attachment colored by status).
         * @enum {string}
         */
        WebhookFormat: "json" | "slack";
        /** Format: int64 */
        WebhookId: number;
        /** @description One window of a freeze. */
        Window: {
            /** Format: date-time */
            ends_at: string;
            /** Format: int64 */
            freeze_id: number;
            reason: string;
            /** Format: date-time */
            starts_at: string;
        };
        WorkerInfo: {
            /**
             * Format: int32
             * @description Pushes it runs at once (`ROLF_WORKER_CONCURRENCY`), shared by its pools.
             */
            concurrency: number;
            host: string;
            /** Format: date-time */
            last_heartbeat_at: string;
            /** @description Heartbeating within its lost window and not stopped. */
            live: boolean;
            /** @description Unique per process: pushes name the worker that ran them by it. */
            name: string;
            /** Format: int32 */
            pid: number;
            /** @description The pools it takes pushes from (`ROLF_WORKER_POOLS`). */
            pools: string[];
            /** @description The pushes it runs (or holds paused) now. */
            running: number[];
            /** Format: date-time */
            started_at: string;
            /**
             * Format: date-time
             * @description When it stopped cleanly; `null` while running, or when it died without a word.
             */
            stopped_at?: string | null;
            version: string;
        };
    };
    responses: {
        /**
         * @description Malformed JSON (or YAML, for a deployment document), a field of the wrong type, an unknown field, or a bad
         *     query string (`bad_request`).
         */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
        /** @description The name is taken, or the object is still in use (`conflict`). */
        Conflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
        /** @description The caller may see the object but not do this to it (`forbidden`). */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
        /** @description An unexpected failure, logged by the API; the message never says more than that (`internal`). */
        InternalError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
        /** @description Well-formed input that breaks a rule; `field` names the input at fault (`invalid`). */
        Invalid: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
        /** @description No such object, or one the caller may not see (`not_found`). */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
        /** @description The body is over 1 MiB (`payload_too_large`). */
        PayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
        /** @description Too many failed sign-ins for this username or address; see `Retry-After` (`too_many_requests`). */
        TooManyRequests: {
            headers: {
                /** @description Seconds until sign-in is allowed again. */
                "Retry-After"?: number;
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
        /** @description No bearer token, or one that is invalid, expired or revoked (`unauthorized`). */
        Unauthorized: {
            headers: {
                /** @description `Bearer`. */
                "WWW-Authenticate"?: string;
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
        /** @description Postgres or Redis is unreachable (`unavailable`), or the sign-in directory is (`directory_unavailable`). */
        Unavailable: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
        /**
         * @description The body is not declared as `application/json` (or, for a deployment document, YAML)
         *     (`unsupported_media_type`).
         */
        UnsupportedMediaType: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    applications_list: {
        parameters: {
            query?: {
                /** @description Only applications of this category. */
                category_id?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Application"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    applications_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewApplication"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Application"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    applications_get_one: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Application"];
                };
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    applications_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No Content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    applications_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ApplicationPatch"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Application"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    approvals_queue: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Push"][];
                };
            };
            401: components["responses"]["Unauthorized"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    audit_list: {
        parameters: {
            query?: {
                /** @description Only events about this deployment; required unless the caller is an admin (needs `edit` on it). */
                deployment_id?: number;
                /**
                 * @description Only events by this user or service account: its username, exactly (a failed sign-in is recorded under
                 *     the name that was typed). 1 to 256 characters, no control characters.
                 */
                actor?: string;
                /** @description Only events of this action (`setting.put`), or of every action on one kind of object (`setting`). */
                action?: string;
                /** @description Only events at or after this time (RFC 3339, e.g. `2026-12-01T00:00:00Z`). */
                since?: string;
                /** @description Only events before this time (RFC 3339); must be after `since`. */
                until?: string;
                /** @description Page size, 1 to 500 (default 100). */
                limit?: number;
                /** @description Only events older than this event id: pass the previous page's `next_before`. */
                before?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    auth_cas_ticket: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CasTicket"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignedIn"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    auth_cas_login: {
        parameters: {
            query: {
                service: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description to the CAS login page */
            302: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    auth_login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Login"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignedIn"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    auth_logout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No Content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    auth_methods: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignInMethods"];
                };
            };
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    categories_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Category"][];
                };
            };
            401: components["responses"]["Unauthorized"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    categories_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CategoryInput"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Category"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    categories_get_one: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Category"];
                };
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    categories_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No Content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    categories_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CategoryInput"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Category"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    deployments_list: {
        parameters: {
            query?: {
                /** @description Only deployments of this application. */
                application_id?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Deployment"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    deployments_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewDeployment"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Deployment"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    deployments_apply_document: {
        parameters: {
            query?: {
                /** @description Report what applying would change, and change nothing. */
                dry_run?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DeploymentDocument"];
                "application/yaml": components["schemas"]["DeploymentDocument"];
            };
        };
        responses: {
            /** @description Applied to an existing deployment, or a dry run. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApplyReport"];
                };
            };
            /** @description The deployment was created. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApplyReport"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    deployments_get_one: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Deployment"];
                };
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    deployments_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No Content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    deployments_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DeploymentPatch"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Deployment"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    permissions_access: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Access"];
                };
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    deployments_copy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CloneInput"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Deployment"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    pushes_deployment_diff: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Diff"];
                };
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    deployments_export: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeploymentDocument"];
                    "application/yaml": components["schemas"]["DeploymentDocument"];
                    "text/yaml": components["schemas"]["DeploymentDocument"];
                };
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    flags_list: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Flag"][];
                };
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    flags_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewFlag"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Flag"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    flags_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
                flag_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No Content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    flags_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
                flag_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["FlagPatch"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Flag"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    permissions_list: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Permission"][];
                };
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    permissions_put_one: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
                group: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Grant"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Permission"];
                };
            };
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Permission"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    permissions_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
                group: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No Content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    pushes_history: {
        parameters: {
            query?: {
                /** @description Only pushes with this status. */
                status?: components["schemas"]["PushStatus"];
                /** @description Page size, 1 to 200 (default 50). */
                limit?: number;
                /** @description Only pushes older than this push id: pass the previous page's last id. */
                before?: number;
            };
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Push"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    pushes_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewPush"];
            };
        };
        responses: {
            /** @description Accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Push"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    schedules_list: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Schedule"][];
                };
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    schedules_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewSchedule"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Schedule"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    schedules_replace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
                schedule_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewSchedule"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Schedule"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    schedules_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
                schedule_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No Content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    schedules_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
                schedule_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SchedulePatch"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Schedule"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    settings_list: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Setting"][];
                };
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    settings_put_one: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SettingInput"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Setting"];
                };
            };
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Setting"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    settings_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No Content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    stages_list: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Stage"][];
                };
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    stages_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewStage"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Stage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    stages_reorder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["StageOrder"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Stage"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    pushes_stats: {
        parameters: {
            query?: {
                /** @description How many of the latest started pushes, 1 to 200 (default 20). */
                limit?: number;
            };
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeploymentStats"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    pushes_tags: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Tag"][];
                };
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    webhooks_list: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Webhook"][];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    webhooks_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewWebhook"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Webhook"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    webhooks_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
                webhook_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No Content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    webhooks_list_deliveries: {
        parameters: {
            query?: {
                /** @description Page size, 1 to 200 (default 50). */
                limit?: number;
                /** @description Only deliveries older than this one: pass the previous page's last id. */
                before?: number;
            };
            header?: never;
            path: {
                id: number;
                webhook_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Delivery"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    pushes_events_stream: {
        parameters: {
            query?: {
                /**
                 * @description Only events after this id (like the `Last-Event-ID` header; the larger of the two wins). Without either,
                 *     the stream starts with the next change.
                 */
                after?: number;
            };
            header?: {
                /** @description resume after this event */
                "Last-Event-ID"?: number;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description `push` events, each with a `FeedEvent` (see the schemas) as its data */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    freezes_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Freeze"][];
                };
            };
            401: components["responses"]["Unauthorized"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    freezes_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewFreeze"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Freeze"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    freezes_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No Content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    groups_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Group"][];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    groups_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewGroup"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Group"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    groups_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No Content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    groups_get_mappings: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Mappings"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    groups_put_mappings: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Mappings"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Mappings"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    imports_import_rolf: {
        parameters: {
            query?: {
                /** @description Report what importing would do, and change nothing. */
                dry_run?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OriginalExport"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RolfImportReport"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    pushes_search: {
        parameters: {
            query: {
                /** @description The text to find in a line, as is (case matters), 1 to 200 characters, without a newline, tab or NUL. */
                q: string;
                /** @description Only pushes of this deployment. */
                deployment_id?: number;
                /** @description Only lines printed at or after this time (RFC 3339). */
                since?: string;
                /** @description Only lines printed before this time (RFC 3339). */
                until?: string;
                /** @description Only lines of this stream. */
                stream?: components["schemas"]["Stream"] | null;
                /** @description Hits per page, 1 to 200 (default 50). */
                limit?: number;
                /** @description Only hits older than this one: pass the previous page's `next_before` (`<push id>-<seq>`). */
                before?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SearchPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    me_me: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Me"];
                };
            };
            401: components["responses"]["Unauthorized"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    pushes_get_one: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Push"];
                };
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    approvals_approve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ApprovalInput"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Push"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    pushes_cancel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Push"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    pushes_continue_paused: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Push"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    pushes_push_diff: {
        parameters: {
            query?: {
                /**
                 * @description The push to compare with: another push of the same deployment. Default: the deployment's last
                 *     succeeded push before this one.
                 */
                against?: number;
            };
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Diff"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    pushes_log_page: {
        parameters: {
            query?: {
                /** @description Only lines with a greater `seq` (default 0: from the start). */
                after?: number;
                /** @description Page size, 1 to 10000 (default 1000). */
                limit?: number;
            };
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LogPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    pushes_text_log: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    pushes_live_log: {
        parameters: {
            query?: {
                /** @description Only lines after this seq (like the `Last-Event-ID` header; the larger of the two wins). */
                after?: number;
            };
            header?: {
                /** @description resume after this line */
                "Last-Event-ID"?: number;
            };
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description events `push`, `stage`, `line` (data: a log line), `end` */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    approvals_reject: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ApprovalInput"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Push"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    pushes_resume: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ResumePush"];
            };
        };
        responses: {
            /** @description Accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Push"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    recipes_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Recipe"][];
                };
            };
            401: components["responses"]["Unauthorized"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    recipes_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewRecipe"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Recipe"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    recipes_import_file: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CookbookFile"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportReport"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    recipes_get_one: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Recipe"];
                };
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    recipes_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No Content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    recipes_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RecipePatch"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Recipe"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    recipes_usages: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Usage"][];
                };
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    service_accounts_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceAccount"][];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    service_accounts_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewServiceAccount"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceAccount"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    service_accounts_list_tokens: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Token"][];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    service_accounts_create_token: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewToken"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IssuedToken"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    stages_get_one: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Stage"];
                };
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    stages_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No Content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    stages_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["StagePatch"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Stage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    tokens_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Token"][];
                };
            };
            401: components["responses"]["Unauthorized"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    tokens_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewToken"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IssuedToken"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    tokens_revoke: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No Content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    workers_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkerInfo"][];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    health_healthz: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            500: components["responses"]["InternalError"];
        };
    };
    health_metrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            500: components["responses"]["InternalError"];
            /** @description Postgres is unreachable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    health_readyz: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Readiness"];
                };
            };
            500: components["responses"]["InternalError"];
            /** @description Service Unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Readiness"];
                };
            };
        };
    };
}
