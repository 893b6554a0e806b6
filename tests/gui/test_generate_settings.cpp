// The Generate settings and the panel bound to them: an edit in the panel becomes a choice, a
// choice set by a controller shows in the panel, the request follows the loaded model, and the
// choices persist (a value that no longer parses keeps its default).
#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

#include "command_line.h"
#include "generate_panel.h"
#include "generate_settings.h"
#include "request_text.h"

using namespace sdm;
using namespace sdm::studio;

namespace {

void choose(QComboBox* combo, const char* data) {
  const int i = combo->findData(QString::fromLatin1(data));
  QVERIFY2(i >= 0, data);
  combo->setCurrentIndex(i);
}

}  // namespace

class TestGenerateSettings : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void panelEditsBecomeChoices() {
    GenerateSettings s;
    GeneratePanel panel(&s);
    QSignalSpy changed(&s, &GenerateSettings::changed);
    choose(panel.solverCombo(), "dpm-solver");
    QCOMPARE(s.choices().solver.kind, SolverKind::DpmSolver);
    QVERIFY(s.choices().solver.skip == TimeGrid::Uniform);  // a grid both solvers know is kept
    panel.stepsSlider()->setValue(13);
    QCOMPARE(s.params().solver.steps, 13);
    choose(panel.methodCombo(), "singlestep");
    QVERIFY(s.params().solver.method == DpmMethod::Singlestep);
    choose(panel.gridCombo(), "logSNR");
    panel.orderSpin()->setValue(3);
    panel.batchSpin()->setValue(6);
    const GenerateParams p = s.params();
    QVERIFY(p.solver.skip == TimeGrid::LogSnr);
    QCOMPARE(p.solver.order, 3);
    QCOMPARE(p.batch, 6);
    QCOMPARE(p.trajectoryImages, 6);
    QVERIFY(changed.size() >= 6);
    // Switching to DDIM keeps a grid both know, and the ε choice reaches DDIM only.
    choose(panel.solverCombo(), "ddim");
    QVERIFY(s.params().solver.skip == TimeGrid::LogSnr);
    panel.rederiveEpsCheck()->setChecked(true);
    QVERIFY(s.params().solver.rederiveEps);
    choose(panel.solverCombo(), "analytic-dpm");
    QVERIFY(!s.params().solver.rederiveEps);
  }

  void choicesShowInThePanel() {
    GenerateSettings s;
    GeneratePanel panel(&s);
    GenerateParams p = s.choices();
    p.solver.kind = SolverKind::AnalyticDpm;
    p.solver.steps = 9;
    p.solver.skip = TimeGrid::Default;  // as a comparison cell: the solver's own grid
    p.gammaPath = "/g.pt";
    p.seed = 5;
    p.batch = 3;
    s.setParams(p);
    QCOMPARE(panel.solverCombo()->currentData().toString(), QStringLiteral("analytic-dpm"));
    QCOMPARE(panel.stepsSpin()->value(), 9);
    QCOMPARE(panel.stepsSlider()->value(), 9);
    QCOMPARE(panel.gridCombo()->currentData().toString(), QStringLiteral("uniform"));
    QVERIFY(s.choices().solver.skip == TimeGrid::Uniform);
    QCOMPARE(panel.findChild<QLineEdit*>(QStringLiteral("gammaPath"))->text(),
             QStringLiteral("/g.pt"));
    QCOMPARE(panel.seedSpin()->value(), 5);
    QCOMPARE(panel.batchSpin()->value(), 3);
    QCOMPARE(s.params().gammaPath, std::string("/g.pt"));
    // Emptied in the panel while Analytic-DPM is chosen: the request has none either.
    auto* gamma = panel.findChild<QLineEdit*>(QStringLiteral("gammaPath"));
    gamma->clear();
    Q_EMIT gamma->editingFinished();
    QVERIFY(s.params().gammaPath.empty());
    gamma->setText(QStringLiteral("/g.pt"));
    Q_EMIT gamma->editingFinished();
    // DDPM runs the model's training timesteps; the steps chosen for the others stay.
    s.setModelFacts(100, true);
    p.solver.kind = SolverKind::Ddpm;
    p.solver.steps = 100;
    s.setParams(p);
    QCOMPARE(s.choices().solver.steps, 9);
    QCOMPARE(s.params().solver.steps, 100);
    QVERIFY(!panel.stepsSpin()->isEnabled());
    QVERIFY(s.params().gammaPath.empty());  // Analytic-DPM's alone
    choose(panel.solverCombo(), "ddim");
    QCOMPARE(s.params().solver.steps, 9);
  }

  // The request is what the panel shows: a smaller model clamps the steps in both.
  void modelFactsClampAndGateThePrecision() {
    GenerateSettings s;
    GeneratePanel panel(&s);
    panel.stepsSpin()->setValue(500);  // beyond the slider's range (a bug once pulled it to 200)
    QCOMPARE(s.params().solver.steps, 500);
    QCOMPARE(panel.stepsSlider()->value(), panel.stepsSlider()->maximum());
    s.setModelFacts(50, false);
    QCOMPARE(panel.stepsSpin()->value(), 50);
    QCOMPARE(s.params().solver.steps, 50);
    QVERIFY(!panel.precisionCombo()->isEnabled());
    QCOMPARE(s.params().precision, Precision::Exact);  // an ANN runs exact
    s.setModelFacts(1000, true);
    QVERIFY(panel.precisionCombo()->isEnabled());
    QCOMPARE(s.params().precision, s.choices().precision);
  }

  // After a run the seed moves as asked, and that is not a change to generate again for.
  void seedAdvancesWithoutAChange() {
    GenerateSettings s;
    GeneratePanel panel(&s);
    s.setSeedMode(GenerateSettings::SeedMode::Increment);
    QCOMPARE(panel.seedModeCombo()->currentData().toInt(),
             int(GenerateSettings::SeedMode::Increment));
    panel.seedSpin()->setValue(10);
    panel.batchSpin()->setValue(4);
    QSignalSpy changed(&s, &GenerateSettings::changed);
    s.advanceSeed();
    QCOMPARE(s.choices().seed, uint64_t{14});
    QCOMPARE(panel.seedSpin()->value(), 14);
    QCOMPARE(changed.size(), 0);
    panel.seedModeCombo()->setCurrentIndex(
        panel.seedModeCombo()->findData(int(GenerateSettings::SeedMode::Fixed)));
    QVERIFY(s.seedMode() == GenerateSettings::SeedMode::Fixed);
    s.advanceSeed();
    QCOMPARE(s.choices().seed, uint64_t{14});
    panel.autoCheck()->setChecked(true);
    QVERIFY(s.autoRegenerate());
  }

  void settingsRoundTrip() {
    QTemporaryDir dir;
    QSettings store(dir.filePath("s.ini"), QSettings::IniFormat);
    GenerateSettings s;
    GeneratePanel panel(&s);
    choose(panel.solverCombo(), "dpm-solver");
    panel.stepsSpin()->setValue(17);
    panel.seedSpin()->setValue(99);
    choose(panel.methodCombo(), "singlestep_fixed");
    choose(panel.gridCombo(), "time_quadratic");
    s.setSeedMode(GenerateSettings::SeedMode::Random);
    s.setAutoRegenerate(true);
    s.save(store);
    GenerateSettings other;
    other.restore(store);
    GeneratePanel otherPanel(&other);
    QCOMPARE(other.params().solver.kind, SolverKind::DpmSolver);
    QCOMPARE(other.params().solver.steps, 17);
    QCOMPARE(other.params().seed, uint64_t(99));
    QVERIFY(other.params().solver.method == DpmMethod::SinglestepFixed);
    QVERIFY(other.params().solver.skip == TimeGrid::TimeQuadratic);
    QVERIFY(other.seedMode() == GenerateSettings::SeedMode::Random);
    QVERIFY(other.autoRegenerate());
    QCOMPARE(otherPanel.gridCombo()->currentData().toString(), QStringLiteral("time_quadratic"));
    QVERIFY(otherPanel.autoCheck()->isChecked());
    // Edited by hand or written by another version: what does not parse keeps its default, a
    // grid the solver does not know becomes the solver's own.
    store.setValue("generate/solver", "ddim");
    store.setValue("generate/method", "sideways");
    store.setValue("generate/grid", "time_quadratic");
    store.setValue("generate/steps", -4);
    GenerateSettings edited;
    edited.restore(store);
    QCOMPARE(edited.params().solver.kind, SolverKind::Ddim);
    QVERIFY(edited.params().solver.method == DpmMethod::Multistep);
    QVERIFY(edited.params().solver.skip == TimeGrid::Uniform);
    QCOMPARE(edited.params().solver.steps, 20);
  }

  // The precision mode: fresh settings start in the fastest mode within the quality bounds, it
  // persists, it reaches the request (and its summary), and modes this CPU cannot run are never
  // chosen.
  void precisionChoice() {
    GenerateSettings freshSettings;
    GeneratePanel fresh(&freshSettings);
    const Precision start = freshSettings.params().precision;
    QCOMPARE(start, precisionAvailable(Precision::Int8) ? Precision::Int8 : Precision::Fast);
    QVERIFY(describeRequest(freshSettings.params()).contains(QString::fromUtf8(toString(start))));
    QComboBox* combo = fresh.precisionCombo();
    combo->setCurrentIndex(combo->findData(QStringLiteral("exact")));
    QCOMPARE(freshSettings.params().precision, Precision::Exact);
    QVERIFY(!describeRequest(freshSettings.params()).contains(QStringLiteral("exact")));
    QTemporaryDir dir;
    QSettings s(dir.filePath("p.ini"), QSettings::IniFormat);
    combo->setCurrentIndex(combo->findData(QStringLiteral("fast")));
    freshSettings.save(s);
    GenerateSettings other;
    other.restore(s);
    QCOMPARE(other.params().precision, Precision::Fast);
    if (!precisionAvailable(Precision::Bf16)) {
      GenerateParams p = other.params();
      p.precision = Precision::Bf16;
      other.setParams(p);  // refused: stays at fast
      QCOMPARE(other.params().precision, Precision::Fast);
    }
  }

  // Command-line numbers do not leak into each other (--steps once set the thread count).
  void commandLineOptions() {
    ParseOutcome out = parseCommandLine({"sdm-studio", "--steps", "10", "--precision", "fast"});
    QVERIFY(out.options);
    QCOMPARE(out.options->steps, 10);
    QCOMPARE(out.options->threads, 0);
    QCOMPARE(out.options->precision, QStringLiteral("fast"));
    out = parseCommandLine({"sdm-studio", "--precision", "fp8"});
    QVERIFY(!out.options && out.exitCode == 2 && out.message.contains("fp8"));
  }
};

QTEST_MAIN(TestGenerateSettings)
#include "test_generate_settings.moc"
