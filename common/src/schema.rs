// @generated automatically by Diesel CLI.

diesel::table! {
    api_tokens (id) {
        id -> Int8,
        user_id -> Int8,
        name -> Text,
        token_hash -> Bytea,
        created_at -> Timestamptz,
        expires_at -> Nullable<Timestamptz>,
        last_used_at -> Nullable<Timestamptz>,
        revoked_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    applications (id) {
        id -> Int8,
        category_id -> Int8,
        name -> Text,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    audit_events (id) {
        id -> Int8,
        at -> Timestamptz,
        actor_id -> Nullable<Int8>,
        actor -> Text,
        action -> Text,
        target_type -> Text,
        target_id -> Nullable<Int8>,
        deployment_id -> Nullable<Int8>,
        before -> Nullable<Jsonb>,
        after -> Nullable<Jsonb>,
    }
}

diesel::table! {
    categories (id) {
        id -> Int8,
        name -> Text,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    deployments (id) {
        id -> Int8,
        application_id -> Int8,
        name -> Text,
        description -> Text,
        deprecated -> Bool,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        log_retention_days -> Nullable<Int4>,
        pool -> Text,
        approvals_required -> Int4,
        approver_group_id -> Nullable<Int8>,
        approval_expires_hours -> Int4,
        rollback_without_approval -> Bool,
    }
}

diesel::table! {
    flags (id) {
        id -> Int8,
        deployment_id -> Int8,
        name -> Text,
        varname -> Text,
        default_value -> Text,
        description -> Text,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        kind -> Text,
        pattern -> Nullable<Text>,
        choices -> Array<Nullable<Text>>,
        required -> Bool,
        boolean_as -> Text,
    }
}

diesel::table! {
    freezes (id) {
        id -> Int8,
        reason -> Text,
        category_id -> Nullable<Int8>,
        application_id -> Nullable<Int8>,
        deployment_id -> Nullable<Int8>,
        starts_at -> Nullable<Timestamptz>,
        ends_at -> Nullable<Timestamptz>,
        cron -> Nullable<Text>,
        duration_minutes -> Nullable<Int4>,
        timezone -> Nullable<Text>,
        created_by -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    group_mappings (group_id, directory_group) {
        group_id -> Int8,
        directory_group -> Text,
    }
}

diesel::table! {
    groups (id) {
        id -> Int8,
        name -> Text,
        description -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    log_chunks (push_id, first_seq) {
        push_id -> Int8,
        first_seq -> Int8,
        last_seq -> Int8,
        min_at -> Timestamptz,
        max_at -> Timestamptz,
        bytes -> Int8,
        body -> Text,
    }
}

diesel::table! {
    permissions (deployment_id, group_id) {
        deployment_id -> Int8,
        group_id -> Int8,
        level -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    push_approvals (id) {
        id -> Int8,
        push_id -> Int8,
        user_id -> Nullable<Int8>,
        username -> Text,
        decision -> Text,
        comment -> Text,
        config_hash -> Text,
        at -> Timestamptz,
    }
}

diesel::table! {
    push_events (id) {
        id -> Int8,
        push_id -> Int8,
        deployment_id -> Nullable<Int8>,
        status -> Text,
        at -> Timestamptz,
    }
}

diesel::table! {
    push_stages (id) {
        id -> Int8,
        push_id -> Int8,
        position -> Int4,
        stage_id -> Nullable<Int8>,
        recipe_id -> Nullable<Int8>,
        name -> Text,
        language -> Text,
        code -> Text,
        timeout_seconds -> Nullable<Int4>,
        status -> Text,
        exit_code -> Nullable<Int4>,
        started_at -> Nullable<Timestamptz>,
        finished_at -> Nullable<Timestamptz>,
        rerun_on_resume -> Bool,
        succeeded_in -> Nullable<Int8>,
    }
}

diesel::table! {
    pushes (id) {
        id -> Int8,
        deployment_id -> Nullable<Int8>,
        deployment_name -> Text,
        application_name -> Text,
        user_id -> Nullable<Int8>,
        username -> Text,
        comment -> Text,
        flags -> Jsonb,
        settings -> Jsonb,
        status -> Text,
        tag -> Nullable<Text>,
        rollback_to -> Nullable<Int8>,
        worker -> Nullable<Text>,
        heartbeat_at -> Nullable<Timestamptz>,
        cancel_requested -> Bool,
        error -> Nullable<Text>,
        created_at -> Timestamptz,
        started_at -> Nullable<Timestamptz>,
        finished_at -> Nullable<Timestamptz>,
        log_pruned_at -> Nullable<Timestamptz>,
        log_pruned_lines -> Nullable<Int8>,
        resumed_from -> Nullable<Int8>,
        step -> Bool,
        paused_before -> Nullable<Int4>,
        pool -> Text,
        approvals_required -> Int4,
        approval_expires_at -> Nullable<Timestamptz>,
        bypass_reason -> Nullable<Text>,
        schedule_id -> Nullable<Int8>,
    }
}

diesel::table! {
    recipes (id) {
        id -> Int8,
        name -> Nullable<Text>,
        language -> Text,
        code -> Text,
        description -> Text,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        needs_conversion -> Nullable<Text>,
    }
}

diesel::table! {
    schedule_runs (schedule_id, fire_at) {
        schedule_id -> Int8,
        fire_at -> Timestamptz,
        outcome -> Text,
        push_id -> Nullable<Int8>,
        detail -> Text,
        at -> Timestamptz,
    }
}

diesel::table! {
    schedules (id) {
        id -> Int8,
        deployment_id -> Int8,
        owner_id -> Nullable<Int8>,
        owner_name -> Text,
        cron -> Nullable<Text>,
        timezone -> Nullable<Text>,
        at -> Nullable<Timestamptz>,
        flags -> Jsonb,
        comment -> Text,
        enabled -> Bool,
        catch_up_minutes -> Int4,
        done_until -> Timestamptz,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        user_id -> Int8,
        source -> Text,
        client_address -> Nullable<Text>,
        created_at -> Timestamptz,
        expires_at -> Timestamptz,
        revoked_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    settings (id) {
        id -> Int8,
        deployment_id -> Int8,
        name -> Text,
        value -> Text,
        secret -> Bool,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    stages (id) {
        id -> Int8,
        deployment_id -> Int8,
        name -> Text,
        position -> Int4,
        recipe_id -> Int8,
        timeout_seconds -> Nullable<Int4>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        rerun_on_resume -> Bool,
    }
}

diesel::table! {
    user_groups (user_id, group_id) {
        user_id -> Int8,
        group_id -> Int8,
    }
}

diesel::table! {
    users (id) {
        id -> Int8,
        username -> Text,
        source -> Text,
        admin -> Bool,
        created_at -> Timestamptz,
        last_login_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    webhook_attempts (id) {
        id -> Int8,
        delivery_id -> Int8,
        at -> Timestamptz,
        status_code -> Nullable<Int4>,
        error -> Nullable<Text>,
        duration_ms -> Int4,
    }
}

diesel::table! {
    webhook_deliveries (id) {
        id -> Int8,
        webhook_id -> Int8,
        push_id -> Int8,
        event -> Text,
        payload -> Jsonb,
        status -> Text,
        attempts -> Int4,
        next_attempt_at -> Timestamptz,
        created_at -> Timestamptz,
        delivered_at -> Nullable<Timestamptz>,
        last_error -> Nullable<Text>,
    }
}

diesel::table! {
    webhooks (id) {
        id -> Int8,
        deployment_id -> Int8,
        url -> Text,
        events -> Array<Nullable<Text>>,
        secret -> Nullable<Text>,
        format -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    workers (name) {
        name -> Text,
        host -> Text,
        pid -> Int4,
        version -> Text,
        pools -> Array<Nullable<Text>>,
        concurrency -> Int4,
        lost_after_seconds -> Int4,
        started_at -> Timestamptz,
        heartbeat_at -> Timestamptz,
        stopped_at -> Nullable<Timestamptz>,
    }
}

diesel::joinable!(api_tokens -> users (user_id));
diesel::joinable!(applications -> categories (category_id));
diesel::joinable!(deployments -> applications (application_id));
diesel::joinable!(deployments -> groups (approver_group_id));
diesel::joinable!(flags -> deployments (deployment_id));
diesel::joinable!(freezes -> applications (application_id));
diesel::joinable!(freezes -> categories (category_id));
diesel::joinable!(freezes -> deployments (deployment_id));
diesel::joinable!(group_mappings -> groups (group_id));
diesel::joinable!(permissions -> deployments (deployment_id));
diesel::joinable!(permissions -> groups (group_id));
diesel::joinable!(push_approvals -> pushes (push_id));
diesel::joinable!(push_approvals -> users (user_id));
diesel::joinable!(push_stages -> pushes (push_id));
diesel::joinable!(push_stages -> recipes (recipe_id));
diesel::joinable!(push_stages -> stages (stage_id));
diesel::joinable!(pushes -> deployments (deployment_id));
diesel::joinable!(pushes -> schedules (schedule_id));
diesel::joinable!(pushes -> users (user_id));
diesel::joinable!(schedule_runs -> pushes (push_id));
diesel::joinable!(schedule_runs -> schedules (schedule_id));
diesel::joinable!(schedules -> deployments (deployment_id));
diesel::joinable!(schedules -> users (owner_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(settings -> deployments (deployment_id));
diesel::joinable!(stages -> deployments (deployment_id));
diesel::joinable!(stages -> recipes (recipe_id));
diesel::joinable!(user_groups -> groups (group_id));
diesel::joinable!(user_groups -> users (user_id));
diesel::joinable!(webhook_attempts -> webhook_deliveries (delivery_id));
diesel::joinable!(webhook_deliveries -> pushes (push_id));
diesel::joinable!(webhook_deliveries -> webhooks (webhook_id));
diesel::joinable!(webhooks -> deployments (deployment_id));

diesel::allow_tables_to_appear_in_same_query!(
    api_tokens,
    applications,
    audit_events,
    categories,
    deployments,
    flags,
    freezes,
    group_mappings,
    groups,
    log_chunks,
    permissions,
    push_approvals,
    push_events,
    push_stages,
    pushes,
    recipes,
    schedule_runs,
    schedules,
    sessions,
    settings,
    stages,
    user_groups,
    users,
    webhook_attempts,
    webhook_deliveries,
    webhooks,
    workers,
);
