// The handlers of the site's pages (HTML) and of the JSON API, as the route
// table (routes.cc) names them. Each parses its request, calls one service
// function, and renders; errors go back as values to the one error table.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "web/app.h"

namespace ah::web {

// --- shared by the page handlers (page.cc) ---
namespace pages {

// The page `name` (a template) inside the layout: title, navigation for the
// viewer, language switch, the CSRF token, the common strings (as `t`).
// `view` gets `t`, `lang`, `user`, `csrf` added.
[[nodiscard]] Result<Response> Render(Context& ctx, const std::string& name, nlohmann::json view,
                                      const std::string& title, int status = 200);
// The layout's view (navigation, strings) for `ctx`, without content.
nlohmann::json LayoutView(Context& ctx, const std::string& title);
// An error in the layout, with its status (errors.h).
Response ErrorPage(Context& ctx, const Error& e);
// A link to the same page in the other language.
std::string OtherLanguageLink(const Request& req, Lang lang);

// --- handlers (home.cc, paper.cc, search.cc, radars.cc, briefings.cc,
//     settings.cc, account.cc, admin.cc, static.cc) ---
Result<Response> Home(Context& ctx);
Result<Response> Paper(Context& ctx);
Result<Response> Export(Context& ctx);
Result<Response> Search(Context& ctx);
Result<Response> Radars(Context& ctx);
Result<Response> RadarCreate(Context& ctx);
Result<Response> RadarDay(Context& ctx);
Result<Response> RadarEditForm(Context& ctx);
Result<Response> RadarEdit(Context& ctx);
Result<Response> RadarDelete(Context& ctx);
Result<Response> RadarSeedsUpload(Context& ctx);
Result<Response> RadarFeedback(Context& ctx);
Result<Response> Briefing(Context& ctx);
Result<Response> BriefingById(Context& ctx);
Result<Response> BriefingWrite(Context& ctx);
Result<Response> Settings(Context& ctx);
Result<Response> SettingsSave(Context& ctx);
Result<Response> PasswordChange(Context& ctx);
Result<Response> TokenCreate(Context& ctx);
Result<Response> TokenRevoke(Context& ctx);
Result<Response> LoginForm(Context& ctx);
Result<Response> Login(Context& ctx);
Result<Response> RegisterForm(Context& ctx);
Result<Response> Register(Context& ctx);
Result<Response> Logout(Context& ctx);
Result<Response> Admin(Context& ctx);
Result<Response> AdminSave(Context& ctx);
Result<Response> Static(Context& ctx);
Result<Response> Favicon(Context& ctx);
Result<Response> Healthz(Context& ctx);
Result<Response> MetricsText(Context& ctx);
// Delivery (exports.cc, feeds.cc): citation files of sets of papers, Atom feeds.
Result<Response> RadarExport(Context& ctx);
Result<Response> BriefingExport(Context& ctx);
Result<Response> SavedExport(Context& ctx);
Result<Response> RadarAtom(Context& ctx);
Result<Response> CategoryAtom(Context& ctx);
Result<Response> SourceAtom(Context& ctx);
Result<Response> FeedsOpml(Context& ctx);
Result<Response> RadarFeedPage(Context& ctx);
Result<Response> RadarFeedChange(Context& ctx);
// Delivery settings (delivery_settings.cc; /settings/digest redirects there).
Result<Response> DeliverySettingsPage(Context& ctx);
Result<Response> DeliverySettingsSave(Context& ctx);
Result<Response> DigestSettingsPage(Context& ctx);
Result<Response> DigestSettingsSave(Context& ctx);
// A radar's webhooks (webhooks.cc), on its feed page.
Result<Response> WebhookAdd(Context& ctx);
Result<Response> WebhookRemove(Context& ctx);
Result<Response> WebhookTest(Context& ctx);
Result<Response> UnsubscribeForm(Context& ctx);
Result<Response> UnsubscribeDo(Context& ctx);

}  // namespace pages

// --- the JSON API under /api/v1 (api_*.cc), described by docs/openapi.yaml ---
namespace api {

Result<Response> Today(Context& ctx);
Result<Response> Search(Context& ctx);
Result<Response> Paper(Context& ctx);
Result<Response> Similar(Context& ctx);
Result<Response> Export(Context& ctx);
Result<Response> Tldr(Context& ctx);
Result<Response> Me(Context& ctx);
Result<Response> RadarList(Context& ctx);
Result<Response> RadarCreate(Context& ctx);
Result<Response> RadarGet(Context& ctx);
Result<Response> RadarUpdate(Context& ctx);
Result<Response> RadarDelete(Context& ctx);
Result<Response> RadarRun(Context& ctx);
Result<Response> RadarFeedback(Context& ctx);
Result<Response> RadarFeedbackList(Context& ctx);
Result<Response> RadarSeeds(Context& ctx);
Result<Response> RadarSeedsImport(Context& ctx);
Result<Response> BriefingList(Context& ctx);
Result<Response> BriefingWrite(Context& ctx);
Result<Response> BriefingGet(Context& ctx);
Result<Response> RadarExport(Context& ctx);
Result<Response> BriefingExport(Context& ctx);
Result<Response> SavedExport(Context& ctx);
Result<Response> RadarFeedGet(Context& ctx);
Result<Response> RadarFeedRotate(Context& ctx);
Result<Response> RadarFeedRevoke(Context& ctx);
Result<Response> DigestGet(Context& ctx);
Result<Response> DigestUpdate(Context& ctx);
Result<Response> DeliveryGet(Context& ctx);
Result<Response> DeliveryPut(Context& ctx);
Result<Response> WebhookList(Context& ctx);
Result<Response> WebhookAdd(Context& ctx);
Result<Response> WebhookRemove(Context& ctx);
Result<Response> WebhookTest(Context& ctx);

// The JSON body of a request, at most 64 levels deep. Errors: kParse naming
// the position, kInvalidArgument when not an object.
[[nodiscard]] Result<nlohmann::json> BodyObject(const Request& req);

}  // namespace api

}  // namespace ah::web
