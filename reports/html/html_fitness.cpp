#include "reports/html/html_fitness.hpp"

#include "reports/common/escape.hpp"
#include "reports/common/fitness_words.hpp"

#include <algorithm>
#include <map>

namespace cleave::report::html {
namespace {

struct Verdict {
  std::string label;  // in words, as the issue names it
  std::string cls;    // CSS: colour and sign, so the verdict reads at a glance
};

Verdict verdict_of(const std::string& verdict) { return {verdict_words(verdict), verdict_class(verdict)}; }

std::string effort_of(const FitnessFinding& f) {
  const std::string out = effort_words(f.effort);
  return f.central ? out + "; central to the design" : out;
}

std::string fitness_route(const std::string& service) { return "fitness/" + slug(service); }

// What the finding is, with what would take the burst for downstream ones.
Cell what_cell(const FitnessFinding& f) {
  if (f.downstream.empty()) return {f.what};
  return {f.what + " (burst on " + f.downstream + ")"};
}

std::vector<Row> finding_rows(Writer& w, const std::vector<FitnessFinding>& findings, bool with_via) {
  std::vector<Row> rows;
  for (const FitnessFinding& f : findings) {
    Row r{{f.rule, "", "rule"},
          w.loc(f.loc),
          f.function.empty() ? Cell{"(namespace scope)", "", "muted"} : Cell{f.function}};
    if (with_via) r.push_back({f.via});
    r.insert(r.end(), {what_cell(f), {f.conflict}, {f.replacement}, {effort_of(f), "", f.central ? "central" : ""}});
    rows.push_back(std::move(r));
  }
  return rows;
}

void service_entry(Writer& w, const ServiceFitness& f) {
  auto& out = w.out;
  const Verdict v = verdict_of(f.verdict);
  out << "<div class=\"fitness-entry anchor\" id=\"" << e(fitness_route(f.service)) << "\" data-verdict=\""
      << e(f.verdict) << "\"><h3>Service <a href=\"" << e(service_href(f.service)) << "\">" << e(f.service)
      << "</a> <span class=\"" << e(v.cls) << "\">" << e(v.label) << "</span></h3>";
  if (!f.evidence.empty()) {
    out << "<p>Why it should stay a long-running service:</p><ul class=\"evidence\">";
    for (const auto& line : f.evidence) out << "<li>" << e(line) << "</li>";
    out << "</ul>";
  }
  w.table("fitness-svc-" + slug(f.service),
          {"Rule", "Where", "Function", "Via", "What", "Conflicts with", "Replacement", "Effort"},
          finding_rows(w, f.findings, true), "Nothing found that assumes a long-lived process.");
  if (!f.downstream.empty()) {
    out << "<p>Would see Lambda's bursts: " << e(join(f.downstream)) << ".</p>";
  }
  out << "</div>\n";
}

}  // namespace

std::string verdict_class(const std::string& verdict) {
  return verdict == "ready"                 ? "verdict ready"
         : verdict == "ready-after-changes" ? "verdict changes"
         : verdict == "keep-long-running"   ? "verdict keep"
                                            : "verdict";  // unknown: shown as written
}

const ServiceFitness* fitness_of(const Proposal& p, const std::string& service) {
  for (const ServiceFitness& f : p.fitness) {
    if (f.service == service) return &f;
  }
  return nullptr;
}

bool has_fitness(const Proposal& proposal) { return !proposal.fitness.empty() || !proposal.kernel_fitness.empty(); }

Cell fitness_cell(const ReportContext& ctx, const std::string& service) {
  const ServiceFitness* f = fitness_of(ctx.proposal(), service);
  if (!f) return {"not assessed", "", "muted"};
  const Verdict v = verdict_of(f->verdict);
  return {v.label, "#" + fitness_route(service), v.cls};
}

void fitness_page(Writer& w, const ReportContext& ctx) {
  const Proposal& p = ctx.proposal();
  auto& out = w.out;
  out << "<section class=\"page\" id=\"page-fitness\" data-route=\"fitness\"><h2>Serverless fitness</h2>"
         "<p>Lambda functions are stateless and ephemeral: state lives in DynamoDB, S3 or ElastiCache, configuration "
         "in environment variables, and nothing runs between requests. Per service, what in its code assumes a "
         "long-lived process on one machine, and what to use instead, smallest change first. Not everything has to "
         "become a function: a service to keep long-running stays a container, and the others can still move.</p>";
  std::vector<const ServiceFitness*> services;
  for (const ServiceFitness& f : p.fitness) services.push_back(&f);
  std::sort(services.begin(), services.end(), [](const auto* a, const auto* b) { return a->service < b->service; });
  std::map<std::string, unsigned> verdicts;
  for (const ServiceFitness* f : services) ++verdicts[f->verdict];
  out << "<div class=\"cards\">";
  card(out, std::to_string(verdicts["ready"]), "ready");
  card(out, std::to_string(verdicts["ready-after-changes"]), "ready after changes");
  card(out, std::to_string(verdicts["keep-long-running"]), "to keep long-running", verdicts["keep-long-running"] > 0);
  card(out, std::to_string(p.kernel_fitness.size()), "findings in the shared kernel");
  out << "</div>";
  std::vector<Row> rows;
  for (const ServiceFitness* f : services) {
    rows.push_back({service_cell(f->service),
                    fitness_cell(ctx, f->service),
                    {std::to_string(f->findings.size())},
                    {join(f->downstream)}});
  }
  w.table("fitness-summary", {"Service", "Verdict", "Findings", "Would see the bursts"}, rows, "No service assessed.");
  for (const ServiceFitness* f : services) service_entry(w, *f);
  out << "<div class=\"fitness-entry anchor\" id=\"fitness-kernel\"><h3>Shared kernel</h3><p class=\"muted\">Findings "
         "in shared-kernel code. The kernel is a library every service links, so each also shows under the services "
         "whose code reaches it (column Via).</p>";
  w.table("fitness-kernel", {"Rule", "Where", "Function", "What", "Conflicts with", "Replacement", "Effort"},
          finding_rows(w, p.kernel_fitness, false), "Nothing found in the shared kernel.");
  out << "</div></section>\n";
}

}  // namespace cleave::report::html
