// DO NOT MODIFY: generated from openapi/openapi.json by `npm run gen:api` (openapi-typescript).
// `npm run check:api` (part of `npm test`) fails when this file is stale.

/** The input rules openapi.json states, by schema and property (patterns are ECMAScript, for `u` mode). */
export const rules = {
  "ApplicationPatch": {
    "name": {
      "minLength": 1,
      "maxLength": 100,
      "pattern": "^[^/\\u0000-\\u001f\\u007f-\\u009f]*[^/\\u0000-\\u001f\\u007f-\\u009f \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^/\\u0000-\\u001f\\u007f-\\u009f]*$"
    }
  },
  "ApprovalInput": {
    "comment": {
      "maxLength": 10000,
      "pattern": "^[^\\u0000]*$"
    }
  },
  "ApprovalSettings": {
    "approver_group": {
      "minLength": 1,
      "maxLength": 100,
      "pattern": "^[A-Za-z0-9._-]+$"
    },
    "expires_hours": {
      "minimum": 1,
      "maximum": 720
    },
    "required": {
      "minimum": 0,
      "maximum": 5
    }
  },
  "Bypass": {
    "reason": {
      "minLength": 1,
      "maxLength": 1000,
      "pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\u0000-\\u001f\\u007f-\\u009f \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^\\u0000-\\u001f\\u007f-\\u009f]*$"
    }
  },
  "CategoryInput": {
    "name": {
      "minLength": 1,
      "maxLength": 100,
      "pattern": "^[^/\\u0000-\\u001f\\u007f-\\u009f]*[^/\\u0000-\\u001f\\u007f-\\u009f \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^/\\u0000-\\u001f\\u007f-\\u009f]*$"
    }
  },
  "CloneInput": {
    "name": {
      "minLength": 1,
      "maxLength": 100,
      "pattern": "^[^/\\u0000-\\u001f\\u007f-\\u009f]*[^/\\u0000-\\u001f\\u007f-\\u009f \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^/\\u0000-\\u001f\\u007f-\\u009f]*$"
    }
  },
  "CookbookFile": {
    "description": {
      "maxLength": 10000,
      "pattern": "^[^\\u0000]*$"
    },
    "rolf_cookbook": {
      "minimum": 1,
      "maximum": 1
    }
  },
  "DeploymentDocument": {
    "application": {
      "minLength": 1,
      "maxLength": 100,
      "pattern": "^[^/\\u0000-\\u001f\\u007f-\\u009f]*[^/\\u0000-\\u001f\\u007f-\\u009f \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^/\\u0000-\\u001f\\u007f-\\u009f]*$"
    },
    "category": {
      "minLength": 1,
      "maxLength": 100,
      "pattern": "^[^/\\u0000-\\u001f\\u007f-\\u009f]*[^/\\u0000-\\u001f\\u007f-\\u009f \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^/\\u0000-\\u001f\\u007f-\\u009f]*$"
    },
    "description": {
      "maxLength": 10000,
      "pattern": "^[^\\u0000]*$"
    },
    "log_retention_days": {
      "minimum": 1,
      "maximum": 36500
    },
    "name": {
      "minLength": 1,
      "maxLength": 100,
      "pattern": "^[^/\\u0000-\\u001f\\u007f-\\u009f]*[^/\\u0000-\\u001f\\u007f-\\u009f \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^/\\u0000-\\u001f\\u007f-\\u009f]*$"
    },
    "pool": {
      "minLength": 1,
      "maxLength": 50,
      "pattern": "^[a-z0-9][a-z0-9_-]*$"
    },
    "rolf": {
      "minimum": 1,
      "maximum": 1
    }
  },
  "DeploymentPatch": {
    "approval_expires_hours": {
      "minimum": 1,
      "maximum": 720
    },
    "approvals_required": {
      "minimum": 0,
      "maximum": 5
    },
    "approver_group": {
      "minLength": 1,
      "maxLength": 100,
      "pattern": "^[A-Za-z0-9._-]+$"
    },
    "description": {
      "maxLength": 10000,
      "pattern": "^[^\\u0000]*$"
    },
    "log_retention_days": {
      "minimum": 1,
      "maximum": 36500
    },
    "name": {
      "minLength": 1,
      "maxLength": 100,
      "pattern": "^[^/\\u0000-\\u001f\\u007f-\\u009f]*[^/\\u0000-\\u001f\\u007f-\\u009f \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^/\\u0000-\\u001f\\u007f-\\u009f]*$"
    },
    "pool": {
      "minLength": 1,
      "maxLength": 50,
      "pattern": "^[a-z0-9][a-z0-9_-]*$"
    }
  },
  "FileRecipe": {
    "code": {
      "minLength": 1,
      "maxLength": 262144,
      "pattern": "^[^\\u0000]*[^\\u0000\\u0009-\\u000d \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^\\u0000]*$"
    },
    "description": {
      "maxLength": 10000,
      "pattern": "^[^\\u0000]*$"
    },
    "name": {
      "minLength": 1,
      "maxLength": 100,
      "pattern": "^[^/\\u0000-\\u001f\\u007f-\\u009f]*[^/\\u0000-\\u001f\\u007f-\\u009f \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^/\\u0000-\\u001f\\u007f-\\u009f]*$"
    }
  },
  "FlagDoc": {
    "choices[]": {
      "minLength": 1,
      "maxLength": 100,
      "pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000](?:[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\u0000-\\u001f\\u007f-\\u009f \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000])?$"
    },
    "default": {
      "maxLength": 10000,
      "pattern": "^[^\\u0000]*$"
    },
    "description": {
      "maxLength": 10000,
      "pattern": "^[^\\u0000]*$"
    },
    "name": {
      "minLength": 1,
      "maxLength": 100,
      "pattern": "^[^/\\u0000-\\u001f\\u007f-\\u009f]*[^/\\u0000-\\u001f\\u007f-\\u009f \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^/\\u0000-\\u001f\\u007f-\\u009f]*$"
    },
    "pattern": {
      "maxLength": 1000,
      "pattern": "^[^\\u0000]*$"
    },
    "varname": {
      "minLength": 1,
      "maxLength": 100,
      "pattern": "^(?!ROLF_)(?!(?:PATH|HOME|LANG|DEPLOYMENT_ID|PUSH_COMMENT|PUSH_UNI|ROLLBACK_URL|CHECKOUT_DIR|CWD)$)[A-Za-z_][A-Za-z0-9_]*$"
    }
  },
  "FlagPatch": {
    "choices[]": {
      "minLength": 1,
      "maxLength": 100,
      "pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000](?:[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\u0000-\\u001f\\u007f-\\u009f \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000])?$"
    },
    "default": {
      "maxLength": 10000,
      "pattern": "^[^\\u0000]*$"
    },
    "description": {
      "maxLength": 10000,
      "pattern": "^[^\\u0000]*$"
    },
    "name": {
      "minLength": 1,
      "maxLength": 100,
      "pattern": "^[^/\\u0000-\\u001f\\u007f-\\u009f]*[^/\\u0000-\\u001f\\u007f-\\u009f \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^/\\u0000-\\u001f\\u007f-\\u009f]*$"
    },
    "pattern": {
      "maxLength": 1000,
      "pattern": "^[^\\u0000]*$"
    },
    "varname": {
      "minLength": 1,
      "maxLength": 100,
      "pattern": "^(?!ROLF_)(?!(?:PATH|HOME|LANG|DEPLOYMENT_ID|PUSH_COMMENT|PUSH_UNI|ROLLBACK_URL|CHECKOUT_DIR|CWD)$)[A-Za-z_][A-Za-z0-9_]*$"
    }
  },
  "ImportReport": {
    "created": {
      "minimum": 0
    },
    "unchanged": {
      "minimum": 0
    },
    "updated": {
      "minimum": 0
    }
  },
  "Mappings": {
    "mappings[]": {
      "minLength": 1,
      "maxLength": 1024,
      "pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\u0000-\\u001f\\u007f-\\u009f \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^\\u0000-\\u001f\\u007f-\\u009f]*$"
    }
  },
  "NewApplication": {
    "name": {
      "minLength": 1,
      "maxLength": 100,
      "pattern": "^[^/\\u0000-\\u001f\\u007f-\\u009f]*[^/\\u0000-\\u001f\\u007f-\\u009f \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^/\\u0000-\\u001f\\u007f-\\u009f]*$"
    }
  },
  "NewDeployment": {
    "description": {
      "maxLength": 10000,
      "pattern": "^[^\\u0000]*$"
    },
    "name": {
      "minLength": 1,
      "maxLength": 100,
      "pattern": "^[^/\\u0000-\\u001f\\u007f-\\u009f]*[^/\\u0000-\\u001f\\u007f-\\u009f \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^/\\u0000-\\u001f\\u007f-\\u009f]*$"
    },
    "pool": {
      "minLength": 1,
      "maxLength": 50,
      "pattern": "^[a-z0-9][a-z0-9_-]*$"
    }
  },
  "NewFlag": {
    "choices[]": {
      "minLength": 1,
      "maxLength": 100,
      "pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000](?:[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\u0000-\\u001f\\u007f-\\u009f \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000])?$"
    },
    "default": {
      "maxLength": 10000,
      "pattern": "^[^\\u0000]*$"
    },
    "description": {
      "maxLength": 10000,
      "pattern": "^[^\\u0000]*$"
    },
    "name": {
      "minLength": 1,
      "maxLength": 100,
      "pattern": "^[^/\\u0000-\\u001f\\u007f-\\u009f]*[^/\\u0000-\\u001f\\u007f-\\u009f \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^/\\u0000-\\u001f\\u007f-\\u009f]*$"
    },
    "pattern": {
      "maxLength": 1000,
      "pattern": "^[^\\u0000]*$"
    },
    "varname": {
      "minLength": 1,
      "maxLength": 100,
      "pattern": "^(?!ROLF_)(?!(?:PATH|HOME|LANG|DEPLOYMENT_ID|PUSH_COMMENT|PUSH_UNI|ROLLBACK_URL|CHECKOUT_DIR|CWD)$)[A-Za-z_][A-Za-z0-9_]*$"
    }
  },
  "NewFreeze": {
    "cron": {
      "minLength": 9,
      "maxLength": 200,
      "pattern": "^[\\u0009-\\u000d \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]*[^\\u0009-\\u000d \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]+(?:[\\u0009-\\u000d \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]+[^\\u0009-\\u000d \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]+){4}[\\u0009-\\u000d \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]*$"
    },
    "duration_minutes": {
      "minimum": 1,
      "maximum": 20160
    },
    "reason": {
      "minLength": 1,
      "maxLength": 1000,
      "pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\u0000-\\u001f\\u007f-\\u009f \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^\\u0000-\\u001f\\u007f-\\u009f]*$"
    },
    "timezone": {
      "minLength": 1,
      "maxLength": 64,
      "pattern": "^[A-Za-z0-9_+/-]+$"
    }
  },
  "NewGroup": {
    "description": {
      "maxLength": 10000,
      "pattern": "^[^\\u0000]*$"
    },
    "name": {
      "minLength": 1,
      "maxLength": 100,
      "pattern": "^[A-Za-z0-9._-]+$"
    }
  },
  "NewPush": {
    "comment": {
      "maxLength": 10000,
      "pattern": "^[^\\u0000]*$"
    }
  },
  "NewRecipe": {
    "code": {
      "minLength": 1,
      "maxLength": 262144,
      "pattern": "^[^\\u0000]*[^\\u0000\\u0009-\\u000d \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^\\u0000]*$"
    },
    "description": {
      "maxLength": 10000,
      "pattern": "^[^\\u0000]*$"
    },
    "name": {
      "minLength": 1,
      "maxLength": 100,
      "pattern": "^[^/\\u0000-\\u001f\\u007f-\\u009f]*[^/\\u0000-\\u001f\\u007f-\\u009f \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^/\\u0000-\\u001f\\u007f-\\u009f]*$"
    }
  },
  "NewSchedule": {
    "catch_up_minutes": {
      "minimum": 0,
      "maximum": 1440
    },
    "comment": {
      "maxLength": 10000,
      "pattern": "^[^\\u0000]*$"
    },
    "cron": {
      "minLength": 9,
      "maxLength": 200,
      "pattern": "^[\\u0009-\\u000d \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]*[^\\u0009-\\u000d \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]+(?:[\\u0009-\\u000d \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]+[^\\u0009-\\u000d \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]+){4}[\\u0009-\\u000d \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]*$"
    },
    "timezone": {
      "minLength": 1,
      "maxLength": 64,
      "pattern": "^[A-Za-z0-9_+/-]+$"
    }
  },
  "NewServiceAccount": {
    "groups[]": {
      "minLength": 1,
      "maxLength": 100,
      "pattern": "^[A-Za-z0-9._-]+$"
    },
    "name": {
      "minLength": 1,
      "maxLength": 100,
      "pattern": "^[A-Za-z0-9._-]+$"
    }
  },
  "NewStage": {
    "code": {
      "minLength": 1,
      "maxLength": 262144,
      "pattern": "^[^\\u0000]*[^\\u0000\\u0009-\\u000d \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^\\u0000]*$"
    },
    "name": {
      "minLength": 1,
      "maxLength": 100,
      "pattern": "^[^/\\u0000-\\u001f\\u007f-\\u009f]*[^/\\u0000-\\u001f\\u007f-\\u009f \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^/\\u0000-\\u001f\\u007f-\\u009f]*$"
    },
    "timeout_seconds": {
      "minimum": 1,
      "maximum": 604800
    }
  },
  "NewToken": {
    "expires_in_days": {
      "minimum": 1,
      "maximum": 3650
    },
    "name": {
      "minLength": 1,
      "maxLength": 100,
      "pattern": "^[^/\\u0000-\\u001f\\u007f-\\u009f]*[^/\\u0000-\\u001f\\u007f-\\u009f \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^/\\u0000-\\u001f\\u007f-\\u009f]*$"
    }
  },
  "NewWebhook": {
    "secret": {
      "minLength": 1,
      "maxLength": 1024,
      "pattern": "^[^\\u0000]*$"
    },
    "url": {
      "maxLength": 2048,
      "pattern": "^[\\u0009-\\u000d \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]*[Hh][Tt][Tt][Pp][Ss]?://(?:[A-Za-z0-9._~!$&'()*+,;=:%-]*@)?(?:(?:(?:[A-WYZa-wyz0-9_-][A-Za-z0-9_-]*|[Xx](?:[A-MO-Za-mo-z0-9_-][A-Za-z0-9_-]*|[Nn](?:[A-Za-z0-9_][A-Za-z0-9_-]*|-(?:[A-Za-z0-9_][A-Za-z0-9_-]*)?)?)?)\\.)*(?:[A-WYZa-wyz][A-Za-z0-9_-]*|[Xx](?:[A-MO-Za-mo-z0-9_-][A-Za-z0-9_-]*|[Nn](?:[A-Za-z0-9_][A-Za-z0-9_-]*|-(?:[A-Za-z0-9_][A-Za-z0-9_-]*)?)?)?)|(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])|\\[(?:(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}|(?:[0-9A-Fa-f]{1,4}:){1,7}:|(?:[0-9A-Fa-f]{1,4}:){1,6}:[0-9A-Fa-f]{1,4}|(?:[0-9A-Fa-f]{1,4}:){1,5}(?::[0-9A-Fa-f]{1,4}){1,2}|(?:[0-9A-Fa-f]{1,4}:){1,4}(?::[0-9A-Fa-f]{1,4}){1,3}|(?:[0-9A-Fa-f]{1,4}:){1,3}(?::[0-9A-Fa-f]{1,4}){1,4}|(?:[0-9A-Fa-f]{1,4}:){1,2}(?::[0-9A-Fa-f]{1,4}){1,5}|[0-9A-Fa-f]{1,4}:(?::[0-9A-Fa-f]{1,4}){1,6}|:(?:(?::[0-9A-Fa-f]{1,4}){1,7}|:))\\])(?::(?:[0-9]{1,4}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]))?(?:[/?#][^\\u0000-\\u0020\\u007f-\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]*)?[\\u0009-\\u000d \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]*$"
    }
  },
  "OriginalExport": {
    "cookbook_csv": {
      "maxLength": 33554432
    },
    "dump_json": {
      "maxLength": 33554432
    }
  },
  "PermissionDoc": {
    "group": {
      "minLength": 1,
      "maxLength": 100,
      "pattern": "^[A-Za-z0-9._-]+$"
    }
  },
  "RecipePatch": {
    "code": {
      "minLength": 1,
      "maxLength": 262144,
      "pattern": "^[^\\u0000]*[^\\u0000\\u0009-\\u000d \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^\\u0000]*$"
    },
    "description": {
      "maxLength": 10000,
      "pattern": "^[^\\u0000]*$"
    },
    "name": {
      "minLength": 1,
      "maxLength": 100,
      "pattern": "^[^/\\u0000-\\u001f\\u007f-\\u009f]*[^/\\u0000-\\u001f\\u007f-\\u009f \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^/\\u0000-\\u001f\\u007f-\\u009f]*$"
    }
  },
  "ResumePush": {
    "comment": {
      "maxLength": 10000,
      "pattern": "^[^\\u0000]*$"
    }
  },
  "RolfImportSkipped": {
    "count": {
      "minimum": 0
    }
  },
  "SettingDoc": {
    "name": {
      "minLength": 1,
      "maxLength": 100,
      "pattern": "^(?!ROLF_)(?!(?:PATH|HOME|LANG|DEPLOYMENT_ID|PUSH_COMMENT|PUSH_UNI|ROLLBACK_URL|CHECKOUT_DIR|CWD)$)[A-Za-z_][A-Za-z0-9_]*$"
    },
    "value": {
      "maxLength": 65536,
      "pattern": "^[^\\u0000]*$"
    }
  },
  "SettingInput": {
    "value": {
      "maxLength": 65536,
      "pattern": "^[^\\u0000]*$"
    }
  },
  "StageDoc": {
    "code": {
      "minLength": 1,
      "maxLength": 262144,
      "pattern": "^[^\\u0000]*[^\\u0000\\u0009-\\u000d \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^\\u0000]*$"
    },
    "name": {
      "minLength": 1,
      "maxLength": 100,
      "pattern": "^[^/\\u0000-\\u001f\\u007f-\\u009f]*[^/\\u0000-\\u001f\\u007f-\\u009f \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^/\\u0000-\\u001f\\u007f-\\u009f]*$"
    },
    "recipe": {
      "minLength": 1,
      "maxLength": 100,
      "pattern": "^[^/\\u0000-\\u001f\\u007f-\\u009f]*[^/\\u0000-\\u001f\\u007f-\\u009f \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^/\\u0000-\\u001f\\u007f-\\u009f]*$"
    },
    "timeout_seconds": {
      "minimum": 1,
      "maximum": 604800
    }
  },
  "StagePatch": {
    "code": {
      "minLength": 1,
      "maxLength": 262144,
      "pattern": "^[^\\u0000]*[^\\u0000\\u0009-\\u000d \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^\\u0000]*$"
    },
    "name": {
      "minLength": 1,
      "maxLength": 100,
      "pattern": "^[^/\\u0000-\\u001f\\u007f-\\u009f]*[^/\\u0000-\\u001f\\u007f-\\u009f \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^/\\u0000-\\u001f\\u007f-\\u009f]*$"
    },
    "timeout_seconds": {
      "minimum": 1,
      "maximum": 604800
    }
  },
  "WebhookDoc": {
    "secret": {
      "minLength": 1,
      "maxLength": 1024,
      "pattern": "^[^\\u0000]*$"
    },
    "url": {
      "maxLength": 2048,
      "pattern": "^[\\u0009-\\u000d \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]*[Hh][Tt][Tt][Pp][Ss]?://(?:[A-Za-z0-9._~!$&'()*+,;=:%-]*@)?(?:(?:(?:[A-WYZa-wyz0-9_-][A-Za-z0-9_-]*|[Xx](?:[A-MO-Za-mo-z0-9_-][A-Za-z0-9_-]*|[Nn](?:[A-Za-z0-9_][A-Za-z0-9_-]*|-(?:[A-Za-z0-9_][A-Za-z0-9_-]*)?)?)?)\\.)*(?:[A-WYZa-wyz][A-Za-z0-9_-]*|[Xx](?:[A-MO-Za-mo-z0-9_-][A-Za-z0-9_-]*|[Nn](?:[A-Za-z0-9_][A-Za-z0-9_-]*|-(?:[A-Za-z0-9_][A-Za-z0-9_-]*)?)?)?)|(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])|\\[(?:(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}|(?:[0-9A-Fa-f]{1,4}:){1,7}:|(?:[0-9A-Fa-f]{1,4}:){1,6}:[0-9A-Fa-f]{1,4}|(?:[0-9A-Fa-f]{1,4}:){1,5}(?::[0-9A-Fa-f]{1,4}){1,2}|(?:[0-9A-Fa-f]{1,4}:){1,4}(?::[0-9A-Fa-f]{1,4}){1,3}|(?:[0-9A-Fa-f]{1,4}:){1,3}(?::[0-9A-Fa-f]{1,4}){1,4}|(?:[0-9A-Fa-f]{1,4}:){1,2}(?::[0-9A-Fa-f]{1,4}){1,5}|[0-9A-Fa-f]{1,4}:(?::[0-9A-Fa-f]{1,4}){1,6}|:(?:(?::[0-9A-Fa-f]{1,4}){1,7}|:))\\])(?::(?:[0-9]{1,4}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]))?(?:[/?#][^\\u0000-\\u0020\\u007f-\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]*)?[\\u0009-\\u000d \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]*$"
    }
  }
} as const;

/** The rules of path parameters, by path and parameter name. */
export const paramRules = {
  "/api/v1/deployments/{id}/permissions/{group}": {
    "group": {
      "minLength": 1,
      "maxLength": 100,
      "pattern": "^[A-Za-z0-9._-]+$"
    }
  },
  "/api/v1/deployments/{id}/settings/{name}": {
    "name": {
      "minLength": 1,
      "maxLength": 100,
      "pattern": "^(?!ROLF_)(?!(?:PATH|HOME|LANG|DEPLOYMENT_ID|PUSH_COMMENT|PUSH_UNI|ROLLBACK_URL|CHECKOUT_DIR|CWD)$)[A-Za-z_][A-Za-z0-9_]*$"
    }
  },
  "/api/v1/groups/{name}": {
    "name": {
      "minLength": 1,
      "maxLength": 100,
      "pattern": "^[A-Za-z0-9._-]+$"
    }
  },
  "/api/v1/groups/{name}/mappings": {
    "name": {
      "minLength": 1,
      "maxLength": 100,
      "pattern": "^[A-Za-z0-9._-]+$"
    }
  },
  "/api/v1/service-accounts/{name}/tokens": {
    "name": {
      "minLength": 1,
      "maxLength": 100,
      "pattern": "^[A-Za-z0-9._-]+$"
    }
  }
} as const;

/** The rules of query parameters, by path and parameter name. */
export const queryRules = {
  "/api/v1/audit": {
    "actor": {
      "minLength": 1,
      "maxLength": 256,
      "pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f]+$"
    },
    "action": {
      "minLength": 1,
      "maxLength": 100,
      "pattern": "^[a-z_]+(\\.[a-z_]+)?$"
    },
    "limit": {
      "minimum": 1,
      "maximum": 500
    }
  },
  "/api/v1/deployments/{id}/pushes": {
    "limit": {
      "minimum": 1,
      "maximum": 200
    }
  },
  "/api/v1/deployments/{id}/stats": {
    "limit": {
      "minimum": 1,
      "maximum": 200
    }
  },
  "/api/v1/deployments/{id}/webhooks/{webhook_id}/deliveries": {
    "limit": {
      "minimum": 1,
      "maximum": 200
    }
  },
  "/api/v1/events/stream": {
    "after": {
      "minimum": 0
    }
  },
  "/api/v1/logs/search": {
    "q": {
      "minLength": 1,
      "maxLength": 200,
      "pattern": "^[^\\n\\t\\u0000]+$"
    },
    "limit": {
      "minimum": 1,
      "maximum": 200
    },
    "before": {
      "pattern": "^[0-9]{1,18}-[0-9]{1,18}$"
    }
  },
  "/api/v1/pushes/{id}/log": {
    "after": {
      "minimum": 0
    },
    "limit": {
      "minimum": 1,
      "maximum": 10000
    }
  },
  "/api/v1/pushes/{id}/log/stream": {
    "after": {
      "minimum": 0
    }
  }
} as const;
