#include "command_line.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include "demo_model.h"
#include "diffusion/options.h"
#include "model/precision.h"

namespace sdm::studio {

QStringList viewNames() {
  return {QStringLiteral("generate"), QStringLiteral("spikes"), QStringLiteral("compare"),
          QStringLiteral("model"),    QStringLiteral("jobs"),   QStringLiteral("log"),
          QStringLiteral("export"),   QStringLiteral("study"),  QStringLiteral("conversion")};
}

ParseOutcome parseCommandLine(const QStringList& arguments) {
  QCommandLineParser p;
  p.setApplicationDescription(
      QStringLiteral("Spiking Diffusion Studio: generate with spiking diffusion models "
                     "(SDDPM / SDM) and watch their neurons."));
  const QCommandLineOption help = p.addHelpOption();
  const QCommandLineOption version = p.addVersionOption();
  const QCommandLineOption checkpoint({"c", "checkpoint"}, "Checkpoint to open (.pt).", "FILE");
  const QCommandLineOption weights("weights", "net, ema or auto.", "W");
  const QCommandLineOption snn("snn-steps", "SNN time steps T of a plain Spk_UNet.", "T");
  const QCommandLineOption solver(
      "solver", "ddpm, ddpm-strided, ddim, analytic-dpm, dpm-solver, dpm-solver++.", "S");
  const QCommandLineOption steps("steps", "Diffusion steps (NFE).", "N");
  const QCommandLineOption seed("seed", "Seed (image i uses seed + i).", "N");
  const QCommandLineOption batch("batch", "Number of images.", "N");
  const QCommandLineOption screenshot(
      "screenshot",
      "Generate, wait until the views are filled, save the main window "
      "to OUT.png and exit.",
      "OUT.png");
  const QCommandLineOption view("view", "View to show: " + viewNames().join(", ") + ".", "NAME");
  const QCommandLineOption lang("lang", "Interface language: en or zh_CN.", "L");
  const QCommandLineOption threads("threads", "LibTorch threads of the engine (0 = all cores).",
                                   "N");
  const QCommandLineOption size("size", "Window size for --screenshot (default 1280x800).", "WxH");
  const QCommandLineOption noDemo("no-demo", "Do not open the bundled demo model.");
  const QCommandLineOption rederive(
      "rederive-eps", "DDIM: re-derive eps from the clamped x0 (diffusers' DDIMScheduler).");
  const QCommandLineOption precision(
      "precision", "exact, fast, bf16 or int8 (see docs/performance.md).", "mode");
  const QCommandLineOption threshold(
      "threshold", "IF threshold of every layer (threshold guidance; trained at 1.0).", "θ");
  const QCommandLineOption study("study", "Open a study folder (sdm-cli study) in the Study view.",
                                 "FOLDER");
  const QCommandLineOption viewOnly(
      "view-only", "With --screenshot: save only the --view, not the whole window.");
  for (const auto& o :
       {checkpoint, weights, snn, solver, steps, seed, batch, screenshot, view, lang, threads, size,
        noDemo, viewOnly, rederive, threshold, precision, study})
    p.addOption(o);
  p.addPositionalArgument("checkpoint", "Checkpoint to open (same as --checkpoint).", "[FILE]");

  ParseOutcome out;
  if (!p.parse(arguments)) {
    out.message = p.errorText();
    out.exitCode = 2;
    return out;
  }
  if (p.isSet(help)) {
    out.message = p.helpText();
    return out;
  }
  if (p.isSet(version)) {
    out.message = QCoreApplication::applicationName() + QLatin1Char(' ') +
                  QCoreApplication::applicationVersion();
    return out;
  }
  StudioOptions o;
  auto fail = [&](const QString& why) {
    out.message = why;
    out.exitCode = 2;
    return out;
  };
  auto number = [&](const QCommandLineOption& opt, qint64 lo, qint64 hi, qint64* value) {
    if (!p.isSet(opt)) return true;
    bool ok = false;
    *value = p.value(opt).toLongLong(&ok);
    return ok && *value >= lo && *value <= hi;
  };
  o.checkpoint = p.value(checkpoint);
  if (o.checkpoint.isEmpty() && !p.positionalArguments().isEmpty())
    o.checkpoint = p.positionalArguments().first();
  o.weights = p.value(weights);
  if (!o.weights.isEmpty() && !QStringList{"net", "ema", "auto"}.contains(o.weights))
    return fail("--weights: net, ema or auto");
  o.solver = p.value(solver);
  if (!o.solver.isEmpty()) {
    try {
      sdm::parseSolverKind(o.solver.toStdString());
    } catch (const std::exception& e) {
      return fail(QStringLiteral("--solver: ") + QString::fromStdString(e.what()));
    }
  }
  qint64 v = 0;
  if (!number(snn, 1, 256, &v)) return fail("--snn-steps: 1..256");
  if (p.isSet(snn)) o.snnSteps = static_cast<int>(v);
  if (!number(steps, 1, 100000, &v)) return fail("--steps: 1..100000");
  if (p.isSet(steps)) o.steps = static_cast<int>(v);
  if (!number(seed, 0, 2147483647, &v)) return fail("--seed: 0..2147483647");
  if (p.isSet(seed)) o.seed = v;
  if (!number(batch, 1, 256, &v)) return fail("--batch: 1..256");
  if (p.isSet(batch)) o.batch = static_cast<int>(v);
  if (!number(threads, 0, 1024, &v)) return fail("--threads: 0..1024");
  if (p.isSet(threads)) o.threads = static_cast<int>(v);  // v still holds the last number read
  o.screenshot = p.value(screenshot);
  o.view = p.value(view);
  if (!o.view.isEmpty() && !viewNames().contains(o.view))
    return fail("--view: one of " + viewNames().join(", "));
  o.language = p.value(lang);
  if (p.isSet(size)) {
    const QStringList wh = p.value(size).split('x');
    const int w = wh.value(0).toInt(), h = wh.size() == 2 ? wh[1].toInt() : 0;
    if (w < 320 || h < 240) return fail("--size: WxH, at least 320x240");
    o.size = QSize(w, h);
  }
  o.noDemo = p.isSet(noDemo);
  if (p.isSet(rederive)) o.rederiveEps = 1;
  if (p.isSet(threshold)) {
    bool ok = false;
    o.threshold = p.value(threshold).toDouble(&ok);
    if (!ok || !(o.threshold >= 0.5 && o.threshold <= 2.0)) return fail("--threshold: 0.5..2.0");
  }
  if (p.isSet(precision)) {
    o.precision = p.value(precision);
    try {
      std::string why;
      if (!sdm::precisionAvailable(sdm::parsePrecision(o.precision.toStdString()), &why))
        return fail("--precision " + o.precision + ": " + QString::fromStdString(why));
    } catch (const std::exception& e) {
      return fail(QString::fromUtf8(e.what()));
    }
  }
  o.viewOnly = p.isSet(viewOnly);
  o.study = p.value(study);
  if (o.screenshotMode() && o.checkpoint.isEmpty()) {
    if (!o.noDemo) useDemoModel(o);
    if (o.checkpoint.isEmpty())
      return fail("--screenshot needs --checkpoint (no bundled demo model was found)");
  }
  if (o.screenshotMode())
    o.persistSettings = false;  // reproducible, and the user's layout stays as it was
  out.options = o;
  return out;
}

void useDemoModel(StudioOptions& o) {
  o.checkpoint = findDemoModel();
  if (o.checkpoint.isEmpty()) return;
  // The settings its model card measured (DDIM 50, eps re-derived, IF threshold 0.95): what the
  // original DDIM does to this young SNN, and what threshold guidance does for it, is in
  // docs/samplers.md. Anything given on the command line wins.
  if (o.solver.isEmpty()) o.solver = QStringLiteral("ddim");
  if (o.solver == QLatin1String("ddim")) {
    if (o.steps < 0) o.steps = 50;
    if (o.rederiveEps < 0) o.rederiveEps = 1;
  }
  if (o.threshold <= 0) {
    o.threshold = 0.95;
    o.demoThreshold = true;
  }
}

}  // namespace sdm::studio
