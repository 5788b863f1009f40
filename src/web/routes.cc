// The route table: every page and API route of `academichub serve`, in one
// place. Access and the rate-limit class are decided here, not in handlers.
#include "web/app.h"
#include "web/pages.h"

namespace ah::web {

const std::vector<Route>& Routes() {
  using A = Access;
  static const std::vector<Route> routes = {
      // Pages.
      {"GET", "/", A::kPublic, pages::Home},
      {"GET", "/papers/{id...}", A::kPublic, pages::Paper},
      {"GET", "/export/{format}/{id...}", A::kPublic, pages::Export},
      {"GET", "/search", A::kPublic, pages::Search, "search"},
      {"GET", "/radars", A::kUser, pages::Radars},
      {"POST", "/radars", A::kUser, pages::RadarCreate, "write"},
      {"GET", "/radars/{id}", A::kUser, pages::RadarDay},
      {"GET", "/radars/{id}/edit", A::kUser, pages::RadarEditForm},
      {"POST", "/radars/{id}/edit", A::kUser, pages::RadarEdit, "write"},
      {"POST", "/radars/{id}/delete", A::kUser, pages::RadarDelete, "write"},
      {"POST", "/radars/{id}/seeds", A::kUser, pages::RadarSeedsUpload, "upload"},
      {"POST", "/radars/{id}/feedback", A::kUser, pages::RadarFeedback, "write"},
      {"GET", "/radars/{id}/briefing", A::kUser, pages::Briefing},
      {"POST", "/radars/{id}/briefing", A::kUser, pages::BriefingWrite, "brief"},
      {"GET", "/briefings/{id}", A::kUser, pages::BriefingById},
      {"GET", "/radars/{id}/export/{format}", A::kUser, pages::RadarExport},
      {"GET", "/briefings/{id}/export/{format}", A::kUser, pages::BriefingExport},
      {"GET", "/saved/export/{format}", A::kUser, pages::SavedExport},
      {"GET", "/radars/{id}/feed", A::kUser, pages::RadarFeedPage},
      {"POST", "/radars/{id}/feed", A::kUser, pages::RadarFeedChange, "write"},
      {"GET", "/feeds.opml", A::kUser, pages::FeedsOpml},
      {"POST", "/radars/{id}/webhooks", A::kUser, pages::WebhookAdd, "write"},
      {"POST", "/radars/{id}/webhooks/{hook}/delete", A::kUser, pages::WebhookRemove, "write"},
      // A test posts to the user's receiver now: as few as writing a briefing.
      {"POST", "/radars/{id}/webhooks/{hook}/test", A::kUser, pages::WebhookTest, "brief"},
      {"GET", "/settings/delivery", A::kUser, pages::DeliverySettingsPage},
      {"POST", "/settings/delivery", A::kUser, pages::DeliverySettingsSave, "write"},
      {"GET", "/settings/digest", A::kUser, pages::DigestSettingsPage},
      {"POST", "/settings/digest", A::kUser, pages::DigestSettingsSave, "write"},
      {"GET", "/unsubscribe/{token}", A::kPublic, pages::UnsubscribeForm},
      {"POST", "/unsubscribe/{token}", A::kPublic, pages::UnsubscribeDo, "write"},
      {"GET", "/feeds/radar/{file}", A::kPublic, pages::RadarAtom},
      {"GET", "/feeds/category/{file}", A::kPublic, pages::CategoryAtom},
      {"GET", "/feeds/source/{file}", A::kPublic, pages::SourceAtom},
      {"GET", "/settings", A::kUser, pages::Settings},
      {"POST", "/settings", A::kUser, pages::SettingsSave, "write"},
      {"POST", "/settings/password", A::kUser, pages::PasswordChange, "signin"},
      {"POST", "/settings/tokens", A::kUser, pages::TokenCreate, "write"},
      {"POST", "/settings/tokens/{id}/delete", A::kUser, pages::TokenRevoke, "write"},
      {"GET", "/login", A::kPublic, pages::LoginForm},
      {"POST", "/login", A::kPublic, pages::Login, "signin"},
      {"GET", "/register", A::kPublic, pages::RegisterForm},
      {"POST", "/register", A::kPublic, pages::Register, "signup"},
      {"POST", "/logout", A::kUser, pages::Logout},
      {"GET", "/admin", A::kAdmin, pages::Admin},
      {"POST", "/admin", A::kAdmin, pages::AdminSave, "write"},
      {"GET", "/static/{path...}", A::kPublic, pages::Static},
      {"GET", "/favicon.ico", A::kPublic, pages::Favicon},
      {"GET", "/healthz", A::kPublic, pages::Healthz},
      // Prometheus scrapes with an administrator's API token (Authorization: Bearer).
      {"GET", "/metrics", A::kAdmin, pages::MetricsText},

      // The JSON API (docs/openapi.yaml).
      {"GET", "/api/v1/today", A::kPublic, api::Today},
      {"GET", "/api/v1/search", A::kPublic, api::Search, "search"},
      {"GET", "/api/v1/papers/{id...}", A::kPublic, api::Paper},
      {"GET", "/api/v1/similar/{id...}", A::kPublic, api::Similar, "search"},
      {"GET", "/api/v1/export/{format}/{id...}", A::kPublic, api::Export},
      {"POST", "/api/v1/tldr", A::kUser, api::Tldr, "brief"},
      {"GET", "/api/v1/me", A::kUser, api::Me},
      {"GET", "/api/v1/radars", A::kUser, api::RadarList},
      {"POST", "/api/v1/radars", A::kUser, api::RadarCreate, "write"},
      {"GET", "/api/v1/radars/{id}", A::kUser, api::RadarGet},
      {"PATCH", "/api/v1/radars/{id}", A::kUser, api::RadarUpdate, "write"},
      {"DELETE", "/api/v1/radars/{id}", A::kUser, api::RadarDelete, "write"},
      {"GET", "/api/v1/radars/{id}/run", A::kUser, api::RadarRun},
      {"POST", "/api/v1/radars/{id}/feedback", A::kUser, api::RadarFeedback, "write"},
      {"GET", "/api/v1/radars/{id}/feedback", A::kUser, api::RadarFeedbackList},
      {"POST", "/api/v1/radars/{id}/seeds", A::kUser, api::RadarSeeds, "write"},
      {"POST", "/api/v1/radars/{id}/seeds/import", A::kUser, api::RadarSeedsImport, "upload"},
      {"GET", "/api/v1/radars/{id}/briefings", A::kUser, api::BriefingList},
      {"POST", "/api/v1/radars/{id}/briefings", A::kUser, api::BriefingWrite, "brief"},
      {"GET", "/api/v1/briefings/{id}", A::kUser, api::BriefingGet},
      {"GET", "/api/v1/radars/{id}/export/{format}", A::kUser, api::RadarExport},
      {"GET", "/api/v1/briefings/{id}/export/{format}", A::kUser, api::BriefingExport},
      {"GET", "/api/v1/saved/export/{format}", A::kUser, api::SavedExport},
      {"GET", "/api/v1/radars/{id}/feed", A::kUser, api::RadarFeedGet},
      {"POST", "/api/v1/radars/{id}/feed", A::kUser, api::RadarFeedRotate, "write"},
      {"DELETE", "/api/v1/radars/{id}/feed", A::kUser, api::RadarFeedRevoke, "write"},
      {"GET", "/api/v1/me/digest", A::kUser, api::DigestGet},
      {"PATCH", "/api/v1/me/digest", A::kUser, api::DigestUpdate, "write"},
      {"GET", "/api/v1/settings/delivery", A::kUser, api::DeliveryGet},
      {"PUT", "/api/v1/settings/delivery", A::kUser, api::DeliveryPut, "write"},
      {"GET", "/api/v1/radars/{id}/webhooks", A::kUser, api::WebhookList},
      {"POST", "/api/v1/radars/{id}/webhooks", A::kUser, api::WebhookAdd, "write"},
      {"DELETE", "/api/v1/radars/{id}/webhooks/{hook}", A::kUser, api::WebhookRemove, "write"},
      {"POST", "/api/v1/radars/{id}/webhooks/{hook}/test", A::kUser, api::WebhookTest, "brief"},
  };
  return routes;
}

}  // namespace ah::web
