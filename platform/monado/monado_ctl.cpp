#include "monado/monado_ctl.hpp"

#include "monado/monado_ctl_parse.hpp"

namespace tw {
namespace {

std::string one_line(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  for (char& ch : text)
    if (ch == '\n' || ch == '\t') ch = ' ';
  return text.empty() ? std::string("(no output)") : text;
}

}  // namespace

MonadoCtl::MonadoCtl(MonadoCtlDesc desc) : desc_(std::move(desc)) {
  if (desc_.program.empty()) desc_.program = "monado-ctl";
  if (desc_.timeout_ms <= 0) desc_.timeout_ms = 2000;
}

Result<CommandOutput> MonadoCtl::run(std::vector<std::string> args) {
  args.insert(args.begin(), desc_.program);
  auto out = run_command(args, {.timeout_ms = desc_.timeout_ms});
  if (!out) return out.error();
  if (out->exit_code != 0) {
    std::string cmd;
    for (const std::string& a : args) cmd += (cmd.empty() ? "" : " ") + a;
    return Error{Errc::io, cmd + " exited with status " + std::to_string(out->exit_code) + ": " +
                               one_line(std::move(out->output))};
  }
  return out;
}

Result<std::vector<RuntimeClient>> MonadoCtl::clients() {
  auto out = run({});
  if (!out) return out.error();
  return parse_monado_ctl_clients(out->output);
}

Status MonadoCtl::set_input(int32_t id, bool on) {
  auto list = clients();
  if (!list) return list.error();
  for (const RuntimeClient& c : list.value()) {
    if (c.id != id) continue;
    if (c.io == on) return {};
    auto out = run({"-i", std::to_string(id)});
    if (!out) return out.error();
    return {};
  }
  return Error{Errc::not_found, "monado-ctl lists no client " + std::to_string(id)};
}

Status MonadoCtl::make_primary(int32_t id) {
  auto out = run({"-p", std::to_string(id)});
  if (!out) return out.error();
  return {};
}

}  // namespace tw
