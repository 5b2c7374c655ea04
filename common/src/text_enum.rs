//! Closed sets of values stored as `TEXT` with a `CHECK` constraint: readable in `psql`, cheap to extend
//! with a migration, and still a Rust enum in code.

/// Declares an enum stored as Postgres `TEXT`, serialized in JSON as the same lowercase word.
#[macro_export]
macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash,
            serde::Serialize, serde::Deserialize, utoipa::ToSchema,
            diesel::expression::AsExpression, diesel::deserialize::FromSqlRow,
        )]
        #[diesel(sql_type = diesel::sql_types::Text)]
        // The wire words are the variants' names in lowercase; `rename_all` is what the OpenAPI derive reads.
        #[serde(rename_all = "lowercase")]
        pub enum $name {
            // `schema(rename)` too: the OpenAPI derive otherwise lowercases the name (`lost` for `push.lost`).
            $(#[serde(rename = $text)] #[schema(rename = $text)] $variant),*
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),* }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                match s {
                    $($text => Ok($name::$variant),)*
                    other => Err(format!("unknown {} '{}'", stringify!($name), other)),
                }
            }
        }

        impl diesel::serialize::ToSql<diesel::sql_types::Text, diesel::pg::Pg> for $name {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, diesel::pg::Pg>,
            ) -> diesel::serialize::Result {
                <str as diesel::serialize::ToSql<diesel::sql_types::Text, diesel::pg::Pg>>::to_sql(
                    self.as_str(),
                    out,
                )
            }
        }

        impl diesel::deserialize::FromSql<diesel::sql_types::Text, diesel::pg::Pg> for $name {
            fn from_sql(bytes: diesel::pg::PgValue<'_>) -> diesel::deserialize::Result<Self> {
                let text = <String as diesel::deserialize::FromSql<
                    diesel::sql_types::Text,
                    diesel::pg::Pg,
                >>::from_sql(bytes)?;
                text.parse::<$name>().map_err(Into::into)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use crate::authz::Level;
    use crate::pushes::PushStatus;

    #[test]
    fn json_uses_the_stored_words() {
        assert_eq!(serde_json::to_value(Level::Edit).unwrap(), "edit");
        assert_eq!(serde_json::to_value(PushStatus::Cancelled).unwrap(), "cancelled");
        assert_eq!(serde_json::from_str::<PushStatus>("\"lost\"").unwrap(), PushStatus::Lost);
        for status in PushStatus::ALL {
            assert_eq!(serde_json::to_value(status).unwrap(), status.as_str());
        }
    }
}
