#include "reports/sam/sam.hpp"

namespace cleave::sam {

AppPlan plan_application(const report::ReportContext&, const config::SamConfig& settings) {
  AppPlan app;
  app.settings = settings;
  return app;
}

std::vector<report::OutputFile> render_application(const AppPlan&) { return {}; }

std::vector<report::OutputFile> generate_sam(const report::ReportContext& ctx) {
  return render_application(plan_application(ctx, ctx.input().sam));
}

nlohmann::ordered_json root_template(const AppPlan&) { return {}; }
nlohmann::ordered_json service_template(const AppPlan&, const ServicePlan&) { return {}; }

}  // namespace cleave::sam
