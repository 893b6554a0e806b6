// Jobs on a model, driven as a user: an evaluation of the loaded model (its scores in the file
// beside it and in the Jobs view), a Gamma file that Analytic-DPM then runs with, block-wise SNN
// fine-tuning and a Gamma file cancelled and resumed.
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <QToolButton>

#include <nlohmann/json.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>

#include "diffusion/gamma.h"
#include "engine/engine.h"
#include "engine/jobs.h"
#include "generate_controller.h"
#include "generate_panel.h"
#include "generate_settings.h"
#include "jobs_fixture.h"
#include "loss_plot.h"
#include "plot_style.h"
#include "snn_finetune_dialog.h"
#include "studio_fixture.h"

using namespace sdm;
using namespace sdm::studio;
using namespace sdmtest;
namespace fs = std::filesystem;

class TestModelJobs : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    if (!fs::exists("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"))
      QSKIP("dataset-fashion-mnist is not installed");
    QVERIFY(m_tmp.isValid());
  }

  void evaluateLoadedModel() {
    // A copy of the golden checkpoint: the .eval.jsonl goes beside it, not into the sources.
    const fs::path ckpt = fs::path(m_tmp.path().toStdString()) / "tiny.pt";
    fs::copy_file(golden("tiny_sddpm_ckpt.pt"), ckpt);
    auto w = openStudio(1);
    QVERIFY(loadModel(*w, QString::fromStdString(ckpt.string())));
    GenerateParams p = w->generateSettings()->params();
    p.solver.kind = SolverKind::Ddim;
    p.solver.steps = 3;
    p.seed = 5;
    w->generateSettings()->setParams(p);
    QSignalSpy done(w->jobsController(), &JobsController::evaluationFinished);
    const quint64 id = w->jobsController()->evaluateLoaded(20);
    QVERIFY(id != 0);
    QTRY_VERIFY_WITH_TIMEOUT(
        w->jobsController()->queue()->job(id)->state != JobRecord::State::Queued &&
            w->jobsController()->queue()->job(id)->state != JobRecord::State::Running,
        sdmtest::ms(90000));
    const JobRecord* r = w->jobsController()->queue()->job(id);
    QVERIFY2(r->state == JobRecord::State::Done, qPrintable(r->error));
    QCOMPARE(done.size(), 1);
    QVERIFY(done.first().at(1).toString().startsWith("FD (studio classifier"));
    std::ifstream in(ckpt.string() + ".eval.jsonl");
    std::string line;
    QVERIFY(std::getline(in, line));
    const auto j = nlohmann::json::parse(line);
    QCOMPARE(j["n"].get<int>(), 20);
    QCOMPARE(j["seed"].get<int>(), 5);
    QCOMPARE(j["sampler"]["steps"].get<int>(), 3);
    QCOMPARE(j["sampler"]["solver"].get<std::string>(), std::string("ddim"));
    QVERIFY(j.contains("ema"));
    QCOMPARE(j["scores"]["n"].get<int>(), 20);
    QVERIFY(j["scores"]["fd"].get<double>() > 0);
    QVERIFY(j["scores"].contains("kid"));
    QVERIFY(j["scores"]["classifier"].contains("confident_fraction"));
    QVERIFY(j["scores"]["classifier"].contains("class_entropy"));
    QVERIFY(!std::getline(in, line));  // exactly one line
    auto* view = w->jobsView();
    QCOMPARE(w->jobsController()->currentJob(), id);
    const QString shown = view->resultLabel()->text();
    QVERIFY(shown.contains("FD (studio classifier"));
    QVERIFY(shown.contains("KID") && shown.contains("IS analogue") && shown.contains("seed 5"));
    QVERIFY(shown.contains("ddim, 3 steps"));
  }

  // Make Gamma file on the loaded model with the Generate panel's steps: the job writes the file,
  // the Generate panel takes it, and analytic-dpm generates with it.
  void gammaJobFeedsAnalyticDpm() {
    const fs::path ckpt = fs::path(m_tmp.path().toStdString()) / "gamma-model" / "tiny.pt";
    fs::create_directories(ckpt.parent_path());
    fs::copy_file(golden("tiny_sddpm_ckpt.pt"), ckpt);
    auto w = openStudio(1);
    QVERIFY(loadModel(*w, QString::fromStdString(ckpt.string())));
    GeneratePanel* panel = w->generatePanel();
    panel->solverCombo()->setCurrentIndex(panel->solverCombo()->findData(QString("analytic-dpm")));
    panel->stepsSpin()->setValue(3);
    panel->batchSpin()->setValue(2);
    QVERIFY(panel->makeGammaButton()->isEnabled());
    QVERIFY(w->jobsView()->makeGammaButton()->isEnabled());
    const QString path = JobsController::defaultGammaPath(QString::fromStdString(ckpt.string()), 3,
                                                          QStringLiteral("uniform"));
    QCOMPARE(path, QString::fromStdString((ckpt.parent_path() / "tiny.gamma3.pt").string()));
    // Without a Gamma file analytic-dpm fails; the error dialog offers to make one, and the
    // launch dialog proposes <checkpoint>.gamma<steps>.pt.
    QVERIFY(w->generateSettings()->choices().gammaPath.empty());
    QSignalSpy failed(w->generateController(), &GenerateController::runFailed);
    w->generateController()->generate();
    QVERIFY(failed.wait(sdmtest::ms(30000)));
    QMessageBox* box = w->generateController()->errorDialog();
    QVERIFY(box);
    QPushButton* make = nullptr;
    for (auto* b : box->buttons())
      if (b->text() == QStringLiteral("Make Gamma file…")) make = qobject_cast<QPushButton*>(b);
    QVERIFY(make);
    QString proposed;
    QTimer poll;  // the launch dialog runs its own event loop
    connect(&poll, &QTimer::timeout, &poll, [&] {
      for (QWidget* top : QApplication::topLevelWidgets()) {
        auto* dialog = qobject_cast<QDialog*>(top);
        if (!dialog || dialog->objectName() != QLatin1String("makeGammaDialog") ||
            !dialog->isVisible())
          continue;
        proposed = dialog->findChild<QLineEdit*>()->text();
        dialog->findChild<QSpinBox*>()->setValue(6);
        poll.stop();
        dialog->accept();
      }
    });
    poll.start(10);
    QSignalSpy finished(w->jobsController(), &JobsController::gammaFinished);
    make->click();
    QCOMPARE(proposed, path);
    const quint64 id = w->jobsController()->currentJob();
    QVERIFY(w->jobsController()->queue()->job(id));
    QVERIFY(std::holds_alternative<GammaFileJob>(w->jobsController()->queue()->job(id)->spec));
    QVERIFY(id != 0);
    QCOMPARE(w->jobsController()->currentJob(), id);
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty() || w->jobsController()->queue()->job(id)->state ==
                                                        JobRecord::State::Failed,
                             sdmtest::ms(90000));
    const JobRecord* r = w->jobsController()->queue()->job(id);
    QVERIFY2(r->state == JobRecord::State::Done, qPrintable(r->error));
    QCOMPARE(finished.first().at(1).toString(), path);
    QCOMPARE(r->last.step, 3);
    QCOMPARE(r->last.total, 3);
    QCOMPARE(std::get<GammaFileJob>(r->spec).request.steps, 3);
    QCOMPARE(std::get<GammaFileJob>(r->spec).request.samplesPerTimestep, 6);
    QVERIFY(QFile::exists(path));
    const GammaTable table = GammaTable::load(path.toStdString(), 1000);
    for (int64_t t : {999, 665, 332}) {  // the uniform grid of 3 steps
      QVERIFY(table.has(t));
      QCOMPARE(table.count(t), 6);
    }
    QCOMPARE(panel->findChild<QLineEdit*>(QStringLiteral("gammaPath"))->text(), path);
    QCOMPARE(QString::fromStdString(w->generateSettings()->params().gammaPath), path);
    QCOMPARE(stateText(*w->jobs(), *w->jobsController(), id),
             widgets::JobListModel::stateText(widgets::JobEntry::State::Done));
    QVERIFY(w->jobsView()->resultLabel()->text().contains("tiny.gamma3.pt"));
    const auto result = generateAndWait(*w);  // without the file it would fail
    QVERIFY(result);
    QVERIFY(result->evaluations >= 3);
  }

  // Block-wise SNN fine-tuning as a job: progress per block and the loss of every step, cancel
  // and Resume from the run's ckpt.pt, the fine-tuned SNN and its result at the end.
  void snnFinetuneJobCancelsAndResumes() {
    JobsUi ui(QString{});
    SnnFinetuneJob job;
    train::SnnFinetuneConfig& c = job.config;
    c.annCheckpoint = std::string(SDM_TEST_DATA) + "/ann2snn/tiny_ann_ckpt.pt";
    c.snnCheckpoint = std::string(SDM_TEST_DATA) + "/ann2snn/tiny_converted_snn.pt";
    c.runDir = m_tmp.filePath("finetune-snn").toStdString();
    c.data.limit = 64;
    c.batch = 4;
    c.stepsPerBlock = 2;
    c.saveEvery = 2;
    c.seed = 5;
    QCOMPARE(QString::fromStdString(jobTitle(job)),
             QString("finetune-snn tiny_converted_snn.pt · 2 steps per block"));
    // Cancelled from the job thread's report of step 5 (inside a down block), as the Gamma test.
    std::atomic<bool> asked{false};
    auto cancelAtFive = connect(
        ui.queue.runner(), &JobRunner::progress, ui.queue.runner(),
        [&](quint64 id, const JobProgress& p) {
          if (p.step < 5 || asked.exchange(true)) return;
          QMetaObject::invokeMethod(
              &ui.queue, [&ui, id] { ui.queue.cancel(id); }, Qt::BlockingQueuedConnection);
        },
        Qt::DirectConnection);
    const quint64 id = ui.controller.launch(job);
    auto settled = [&] {
      const auto s = ui.queue.job(id)->state;
      return s != JobRecord::State::Running && s != JobRecord::State::Queued;
    };
    QTRY_VERIFY_WITH_TIMEOUT(settled(), sdmtest::ms(120000));
    disconnect(cancelAtFive);
    const JobRecord* r = ui.queue.job(id);
    QVERIFY2(r->state == JobRecord::State::Cancelled, qPrintable(r->error));
    const int64_t stoppedAt = r->last.step;
    QVERIFY(stoppedAt >= 5 && stoppedAt < r->last.total);
    QVERIFY(r->last.parts > 3);  // time embedding, head, down, middle and up blocks
    QVERIFY2(ui.view.statusLabel()->text().startsWith("Cancelled at step"),
             qPrintable(ui.view.statusLabel()->text()));
    QVERIFY(ui.list.job(ui.controller.entryOf(id))->detail.startsWith("block "));
    QVERIFY(ui.view.lossPlot()->isVisible());
    QVERIFY(!ui.view.sampleLabel()->isVisible());  // no sample grids in a fine-tuning run
    QVERIFY(fs::exists(fs::path(c.runDir) / "ckpt.pt"));
    QVERIFY(ui.view.resumeButton()->isEnabled());
    ui.view.resumeButton()->click();
    QTRY_VERIFY_WITH_TIMEOUT(settled(), sdmtest::ms(180000));
    r = ui.queue.job(id);
    QVERIFY2(r->state == JobRecord::State::Done, qPrintable(r->error));
    QCOMPARE(r->last.step, r->last.total);
    // One loss per step in metrics.jsonl, across the cancel: steps 1..total, none twice.
    const LossHistory record = readLossHistory(c.runDir);
    const auto& history = record.steps;
    QCOMPARE(int64_t(history.size()), r->last.total);
    for (std::size_t i = 0; i < history.size(); ++i) QCOMPARE(history[i].first, int64_t(i + 1));
    QCOMPARE(ui.view.lossPlot()->pointCount(), int(history.size()));
    // Each block's loss is its own segment of the curve, named, from its first step.
    const auto& blocks = record.blocks;
    QCOMPARE(int(blocks.size()), r->last.parts);
    const auto& segments = ui.view.lossPlot()->segments();
    QCOMPARE(segments.size(), r->last.parts);
    double start = 1;  // the time embedding and the head take one step each (as the original)
    for (int b = 0; b < segments.size(); ++b) {
      QCOMPARE(segments[b].first, start);
      QCOMPARE(segments[b].second.toStdString(), blocks[std::size_t(b)].second);
      start += b < 2 ? 1 : c.stepsPerBlock;
    }
    QVERIFY(segments.first().second.startsWith("time_embedding"));
    QVERIFY(ui.view.lossPlot()->logScale());
    QVERIFY2(ui.view.statusLabel()->text().contains(QString("All %1 blocks").arg(r->last.parts)),
             qPrintable(ui.view.statusLabel()->text()));
    const QString last = QString("block %1 / %1 ").arg(r->last.parts);
    QVERIFY2(ui.list.job(ui.controller.entryOf(id))->detail.startsWith(last),
             qPrintable(ui.list.job(ui.controller.entryOf(id))->detail));
    const std::string tuned = c.runDir + "/finetuned_snn.pt";
    QVERIFY(fs::exists(tuned));
    QCOMPARE(r->result.value("snn", std::string()), tuned);
    QVERIFY(ui.view.resultLabel()->text().contains("finetuned_snn.pt"));
    sdm::Engine engine;
    const sdm::ModelInfo info = engine.load(tuned, {});
    QVERIFY(info.converted && info.spiking);
    // SDM_FINETUNE_SNN_SCREENSHOT=file.png saves the Jobs view of the finished run.
    ui.view.resize(1300, 460);
    widgets::replotAll(&ui.view);
    const QImage shot = ui.view.grab().toImage();
    QVERIFY(!shot.isNull());
    if (const QString out = qEnvironmentVariable("SDM_FINETUNE_SNN_SCREENSHOT"); !out.isEmpty())
      QVERIFY(shot.save(out));
  }

  // A cancelled Gamma job keeps its finished timesteps; Resume completes the file.
  void gammaJobCancelAndResume() {
    JobsUi ui(QString{});
    GammaFileJob s;
    s.request.checkpoint = golden("tiny_sddpm_ckpt.pt");
    s.request.outPath = m_tmp.filePath("resume.gamma.pt").toStdString();
    s.request.steps = 200;
    s.request.samplesPerTimestep = 2;
    s.request.batch = 2;
    // Cancelled from the job thread's own report, which waits until the GUI thread has taken
    // the cancel: the job cannot run to its end first, however busy the machine.
    std::atomic<bool> asked{false};
    connect(
        ui.queue.runner(), &JobRunner::progress, ui.queue.runner(),
        [&](quint64 job, const JobProgress& p) {
          if (p.step < 2 || asked.exchange(true)) return;
          QMetaObject::invokeMethod(
              &ui.queue, [&ui, job] { ui.queue.cancel(job); }, Qt::BlockingQueuedConnection);
        },
        Qt::DirectConnection);
    const quint64 id = ui.controller.launch(s);
    QTRY_VERIFY_WITH_TIMEOUT(ui.queue.job(id)->state != JobRecord::State::Running &&
                                 ui.queue.job(id)->state != JobRecord::State::Queued,
                             sdmtest::ms(60000));
    const JobRecord* r = ui.queue.job(id);
    QVERIFY2(r->state == JobRecord::State::Cancelled, qPrintable(r->error));
    const std::vector<int64_t> grid = [] {
      std::vector<int64_t> g;
      for (int k = 0; k < 200; ++k) g.push_back(static_cast<int64_t>(999 - 5.0 * k));
      return g;
    }();
    const GammaTable partial = GammaTable::load(s.request.outPath, 1000);
    const auto missing = partial.missing(grid).size();
    QVERIFY(missing > 0 && missing <= 198);
    QVERIFY(ui.view.statusLabel()->text().contains("Resume"));
    QVERIFY(ui.view.resumeButton()->isEnabled());
    ui.view.resumeButton()->click();
    // The rest of the Gamma estimation: ~10 s here, 124 s under ThreadSanitizer.
    QTRY_VERIFY_WITH_TIMEOUT(ui.queue.job(id)->state == JobRecord::State::Done ||
                                 ui.queue.job(id)->state == JobRecord::State::Failed,
                             sdmtest::ms(240000));
    QVERIFY2(ui.queue.job(id)->state == JobRecord::State::Done,
             qPrintable(ui.queue.job(id)->error));
    QCOMPARE(ui.queue.job(id)->last.step, 200);
    const GammaTable full = GammaTable::load(s.request.outPath, 1000);
    QVERIFY(full.missing(grid).empty());
    for (int64_t t : grid)  // the resumed timesteps were kept, not redone
      if (partial.has(t)) QCOMPARE(full.at(t), partial.at(t));
  }

 private:
  QTemporaryDir m_tmp;
};

QTEST_MAIN(TestModelJobs)
#include "test_model_jobs.moc"
