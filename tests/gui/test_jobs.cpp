// The Jobs view (issue 6) and the Evaluate action (issue 7): a tiny training job launched through
// the Jobs view's controller runs on the job thread to the end (progress, loss curve, sample grid,
// checkpoint); Cancel leaves a readable checkpoint, Resume continues it; the queue survives a
// restart with its unfinished job paused and its full loss curve; Evaluate on the loaded model
// appends a labelled line to <checkpoint>.eval.jsonl; Make Gamma file writes Analytic-DPM's Gamma
// file (resumable after a cancel) and hands it to the Generate panel. Waits on conditions, never
// on sleeps.
#include <QApplication>
#include <QComboBox>
#include <QDialog>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSet>
#include <QSignalSpy>
#include <QSlider>
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
#include <memory>

#include "diffusion/gamma.h"
#include "engine/engine.h"
#include "engine/jobs.h"
#include "generate_controller.h"
#include "generate_panel.h"
#include "generate_settings.h"
#include "job_dialog.h"
#include "job_list_model.h"
#include "job_queue.h"
#include "jobs_controller.h"
#include "jobs_fixture.h"
#include "jobs_view.h"
#include "loss_plot.h"
#include "plot_style.h"
#include "read_only_folder.h"
#include "snn_finetune_dialog.h"
#include "studio_fixture.h"

using namespace sdm;
using namespace sdm::studio;
using namespace sdmtest;
namespace fs = std::filesystem;

namespace {

bool haveFashionMnist() {
  return fs::exists("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz");
}

// A tiny Spk_UNet on a slice of Fashion-MNIST: a step takes a few tens of milliseconds.
TrainingJob tinyTraining(const QString& runDir, int64_t steps) {
  TrainingJob job = TrainingJob::quickStart(train::RunKind::Train);
  train::TrainConfig& s = job.config;
  s.runDir = runDir.toStdString();
  s.data.kind = train::DatasetKind::FashionMnist;
  s.data.limit = 256;
  s.model.ch = 8;
  s.model.chMult = {1, 2};
  s.model.numResBlocks = 1;
  s.model.snnSteps = 2;
  s.batch = 8;
  s.totalSteps = steps;
  s.warmup = 5;
  s.lr = 1e-3;
  s.saveEvery = 10;
  s.sampleEvery = 10;
  s.sampleSize = 16;
  s.sampleSteps = 2;
  s.seed = 3;
  return job;
}

// Shows a dialog 640 px wide and grabs it: the colours on a 4 px grid of it (text, fields and
// buttons give many; a blank window one or two). Saved where the variable `saveTo` names, if set;
// -1 when that fails.
int renderedColours(QDialog& dialog, const char* saveTo) {
  dialog.resize(640, dialog.sizeHint().height());
  dialog.show();
  const QImage shot = dialog.grab().toImage();
  QSet<QRgb> colours;
  for (int y = 0; y < shot.height(); y += 4)
    for (int x = 0; x < shot.width(); x += 4) colours.insert(shot.pixel(x, y));
  const QString out = qEnvironmentVariable(saveTo);
  return !out.isEmpty() && !shot.save(out) ? -1 : static_cast<int>(colours.size());
}

}  // namespace

class TestJobs : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    if (!haveFashionMnist()) QSKIP("dataset-fashion-mnist is not installed");
    QVERIFY(m_tmp.isValid());
  }

  void specRoundTripsThroughJson() {
    TrainingJob s = tinyTraining(m_tmp.filePath("x"), 77);
    s.config.model.chMult = {1, 2, 4};
    s.config.lrDecayFrom = 40;
    nlohmann::json j = JobSpec(s);
    const TrainingJob back = std::get<TrainingJob>(j.get<JobSpec>());
    QCOMPARE(back.config.totalSteps, 77);
    QCOMPARE(back.config.lrDecayFrom, 40);
    QCOMPARE(back.config.model.chMult, (std::vector<int>{1, 2, 4}));
    QCOMPARE(back.config.data.limit, 256);
    QCOMPARE(back.config.runDir, s.config.runDir);
    QCOMPARE(nlohmann::json(JobSpec(back)).dump(), j.dump());
    // A queue written before job kinds were types (flat keys) still reads.
    const nlohmann::json legacy = {{"kind", "train-ann"},
                                   {"run_dir", "/r"},
                                   {"dataset", "mnist"},
                                   {"limit", 99},
                                   {"ch", 64},
                                   {"ch_mult", {1, 2}},
                                   {"bit", 3},
                                   {"total_steps", 55},
                                   {"batch", 7},
                                   {"lr", 0.001},
                                   {"sample_every", 0}};
    const TrainingJob old = std::get<TrainingJob>(legacy.get<JobSpec>());
    QVERIFY(old.config.kind == train::RunKind::TrainAnn);
    QCOMPARE(old.config.runDir, std::string("/r"));
    QVERIFY(old.config.data.kind == train::DatasetKind::Mnist);
    QCOMPARE(old.config.data.limit, 99);
    QCOMPARE(old.config.model.ch, 64);
    QCOMPARE(old.config.model.chMult, (std::vector<int>{1, 2}));
    QCOMPARE(old.config.bit, 3);
    QCOMPARE(old.config.totalSteps, 55);
    QCOMPARE(old.config.batch, 7);
    QCOMPARE(old.config.lr, 0.001);
    QCOMPARE(old.config.sampleEvery, 0);
    QVERIFY_THROWS_EXCEPTION(std::exception,
                             nlohmann::json({{"kind", "no-such-kind"}}).get<JobSpec>());
    EvalJob e;
    e.request.checkpoint = "/a/b.pt";
    e.request.solver.kind = SolverKind::DpmSolverPP;
    e.request.solver.steps = 7;
    e.request.seed = 11;
    e.request.n = 123;
    const JobSpec ebs = nlohmann::json(JobSpec(e)).get<JobSpec>();
    QCOMPARE(jobKindName(ebs), std::string("eval"));
    const EvalRequest& eb = std::get<EvalJob>(ebs).request;
    QVERIFY(eb.solver.kind == SolverKind::DpmSolverPP);
    QCOMPARE(eb.solver.steps, 7);
    QCOMPARE(eb.seed, uint64_t{11});
    QCOMPARE(eb.n, 123);
    GammaFileJob g;
    g.request.checkpoint = "/a/b.pt";
    g.request.load.weights = WeightsChoice::Ema;
    g.request.load.snnSteps = 4;
    g.request.outPath = "/a/b.gamma7.pt";
    g.request.steps = 7;
    g.request.skip = TimeGrid::Quadratic;
    g.request.samplesPerTimestep = 321;
    g.request.batch = 9;
    g.request.seed = 13;
    g.request.dataset = "mnist";
    g.request.dataDir = "/d";
    const JobSpec gbs = nlohmann::json(JobSpec(g)).get<JobSpec>();
    QCOMPARE(jobKindName(gbs), std::string("gamma"));
    QCOMPARE(nlohmann::json(gbs).dump(), nlohmann::json(JobSpec(g)).dump());
    const GammaRequest& gb = std::get<GammaFileJob>(gbs).request;
    QVERIFY(gb.load.weights == WeightsChoice::Ema);
    QCOMPARE(gb.outPath, g.request.outPath);
    QCOMPARE(gb.steps, 7);
    QVERIFY(gb.skip == TimeGrid::Quadratic);
    QCOMPARE(gb.samplesPerTimestep, 321);
    QCOMPARE(gb.seed, uint64_t{13});
    QCOMPARE(gb.dataDir, std::string("/d"));
    QVERIFY(!gb.allTimesteps);
    QCOMPARE(QString::fromStdString(jobTitle(gbs)),
             QString("Gamma of b.pt · 7 steps · 321 samples per timestep"));
  }

  void trainingJobRunsToTheEnd() {
    QElapsedTimer clock;
    clock.start();
    JobsUi ui(m_tmp.filePath("a/jobs.json"));
    const QString runDir = m_tmp.filePath("run-a");
    // The job reports from the job thread; the queue hears it on the GUI thread.
    std::atomic<int> reportsOffGui{0}, reportsOnGui{0}, queueOffGui{0};
    connect(
        ui.queue.runner(), &JobRunner::progress, ui.queue.runner(),
        [&] { (QThread::currentThread() != qApp->thread() ? reportsOffGui : reportsOnGui)++; },
        Qt::DirectConnection);
    int queueReports = 0;
    connect(&ui.queue, &JobQueue::progress, &ui.queue, [&] {
      ++queueReports;
      if (QThread::currentThread() != qApp->thread()) ++queueOffGui;
    });
    QSignalSpy finished(&ui.queue, &JobQueue::jobFinished);
    // A session run already in the activity list: the queue's ids and the list's are apart.
    widgets::JobEntry sessionRun;
    sessionRun.state = widgets::JobEntry::State::Done;
    const quint64 sessionEntry = ui.list.add(sessionRun);
    const quint64 id = ui.controller.launch(tinyTraining(runDir, 20));
    QCOMPARE(ui.controller.currentJob(), id);
    QVERIFY(ui.controller.entryOf(id) != sessionEntry);
    QCOMPARE(ui.controller.jobOf(sessionEntry), quint64{0});
    QCOMPARE(ui.list.rowCount(), 2);
    QVERIFY(ui.queue.running() == id || ui.queue.job(id)->state == JobRecord::State::Done);
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), sdmtest::ms(90000));
    const JobRecord* r = ui.queue.job(id);
    QVERIFY2(r->state == JobRecord::State::Done, qPrintable(r->error));
    QVERIFY(reportsOffGui > 0);
    QCOMPARE(int(reportsOnGui), 0);
    QVERIFY(queueReports > 0);
    QCOMPARE(int(queueOffGui), 0);
    QCOMPARE(r->last.step, 20);
    QCOMPARE(stateText(ui.list, ui.controller, id),
             widgets::JobListModel::stateText(widgets::JobEntry::State::Done));
    QCOMPARE(ui.view.progressBar()->value(), ui.view.progressBar()->maximum());
    // Every step is on the curve (from metrics.jsonl), smoothed beside the raw values.
    QCOMPARE(ui.view.lossPlot()->pointCount(), 20);
    QCOMPARE(ui.view.lossPlot()->smoothedLosses().size(), 20);
    ui.view.lossPlot()->setSmoothing(0);
    QCOMPARE(ui.view.lossPlot()->smoothedLosses().first(),
             readLossHistory(runDir.toStdString()).steps.front().second);
    // Sample grids at steps 10 and 20, the newest shown; the timeline goes back to step 10.
    QCOMPARE(ui.view.sampleGridCount(), 2);
    QCOMPARE(ui.view.shownSampleStep(), 20);
    QVERIFY(!ui.view.sampleLabel()->pixmap().isNull());
    ui.view.sampleSlider()->setValue(0);
    QCOMPARE(ui.view.shownSampleStep(), 10);
    ui.view.sampleSlider()->setValue(1);
    QVERIFY(fs::exists(fs::path(runDir.toStdString()) / "ckpt.pt"));
    QVERIFY(runHasCheckpoint(runDir.toStdString()));
    QVERIFY(ui.view.openFolderButton()->isEnabled());
    QVERIFY(!ui.view.cancelButton()->isEnabled());
    qInfo("tiny training job: %.1f s", clock.elapsed() / 1000.0);
  }

  void cancelResumeAndRestart() {
    const QString store = m_tmp.filePath("b/jobs.json");
    const QString runDir = m_tmp.filePath("run-b");
    quint64 id = 0;
    int64_t cancelledAt = 0;
    {
      JobsUi ui(store);
      id = ui.controller.launch(tinyTraining(runDir, 100000));
      QTRY_VERIFY_WITH_TIMEOUT(ui.queue.job(id)->last.step >= 3, sdmtest::ms(60000));
      QVERIFY(ui.view.cancelButton()->isEnabled());
      QVERIFY(!ui.view.removeButton()->isEnabled());  // not while it runs
      ui.view.removeButton()->click();
      QVERIFY(ui.queue.job(id));
      ui.view.cancelButton()->click();
      QTRY_VERIFY_WITH_TIMEOUT(ui.queue.job(id)->state == JobRecord::State::Cancelled,
                               sdmtest::ms(60000));
      const JobRecord* r = ui.queue.job(id);
      cancelledAt = r->last.step;
      QVERIFY(cancelledAt >= 3);
      QVERIFY(!r->checkpoint.isEmpty() && fs::exists(r->checkpoint.toStdString()));
      QVERIFY(runHasCheckpoint(runDir.toStdString()));  // reads completely
      QCOMPARE(stateText(ui.list, ui.controller, id),
               widgets::JobListModel::stateText(widgets::JobEntry::State::Cancelled));
      // Resume continues from that checkpoint.
      QVERIFY(ui.view.resumeButton()->isEnabled());
      ui.view.resumeButton()->click();
      QTRY_VERIFY_WITH_TIMEOUT(ui.queue.job(id)->state == JobRecord::State::Running &&
                                   ui.queue.job(id)->last.step > cancelledAt + 1,
                               sdmtest::ms(60000));
      // Closing the studio mid-run: the job stops after its step and is saved as paused.
    }
    QFile saved(store);
    QVERIFY(saved.open(QIODevice::ReadOnly));
    const auto j = nlohmann::json::parse(saved.readAll().toStdString());
    QCOMPARE(j["jobs"].size(), std::size_t{1});
    QCOMPARE(j["jobs"][0]["state"].get<std::string>(), std::string("paused"));

    JobsUi again(store);
    const JobRecord* r = again.queue.job(id);
    QVERIFY(r);
    QVERIFY(r->state == JobRecord::State::Paused);
    QCOMPARE(jobPlannedSteps(r->spec), 100000);
    QCOMPARE(again.list.rowCount(), 1);
    QCOMPARE(stateText(again.list, again.controller, id),
             widgets::JobListModel::stateText(widgets::JobEntry::State::Paused));
    again.controller.selectJob(id);
    QCOMPARE(again.controller.currentJob(), id);
    // The full curve comes from the run's metrics.jsonl, across the cancel and the resume.
    QVERIFY(again.view.lossPlot()->pointCount() > cancelledAt + 1);
    QVERIFY(again.view.resumeButton()->isEnabled());
    QVERIFY(!again.view.cancelButton()->isEnabled());
    // Remove forgets the job (list and saved queue) and leaves its run folder alone.
    QVERIFY(again.view.removeButton()->isEnabled());
    again.view.removeButton()->click();
    QVERIFY(!again.queue.job(id));
    QCOMPARE(again.list.rowCount(), 0);
    QVERIFY(runHasCheckpoint(runDir.toStdString()));
    QFile resaved(store);
    QVERIFY(resaved.open(QIODevice::ReadOnly));
    QCOMPARE(nlohmann::json::parse(resaved.readAll().toStdString())["jobs"].size(), std::size_t{0});
  }

  void launchDialogCarriesEveryParameter() {
    for (auto kind :
         {train::RunKind::Train, train::RunKind::FinetuneTsm, train::RunKind::TrainAnn}) {
      TrainingJob job = tinyTraining(m_tmp.filePath("dialog"), 1234);
      train::TrainConfig& s = job.config;
      s.kind = kind;
      s.bit = 3;
      s.model.chMult = {1, 2, 2, 4};
      s.ema = false;
      s.emaDecay = 0.999;
      s.sampleEvery = 0;
      s.sourceCheckpoint = "/x/y.pt";
      s.sourceWeights = "ema";
      s.tsmLr = 0.002;
      s.lrDecayFrom = 1000;
      s.data.kind = train::DatasetKind::Cifar10;
      s.precision = kind == train::RunKind::TrainAnn ? train::TrainPrecision::Fp32
                                                     : train::TrainPrecision::Bf16;
      JobDialog dialog(job);
      QCOMPARE(nlohmann::json(dialog.spec()).dump(), nlohmann::json(job).dump());
      QCOMPARE(QString::fromStdString(job.title()).endsWith(" · bf16"),
               kind != train::RunKind::TrainAnn);  // the queue names the arithmetic
      auto* arithmetic = dialog.findChild<QComboBox*>(QStringLiteral("trainPrecision"));
      QCOMPARE(arithmetic != nullptr, kind != train::RunKind::TrainAnn);
      if (kind != train::RunKind::Train) continue;
      // SDM_TRAINING_DIALOG=file.png saves what the new-training dialog looks like.
      QCOMPARE(arithmetic->currentText(), QString("bf16 autocast"));
      QVERIFY(renderedColours(dialog, "SDM_TRAINING_DIALOG") > 8);
    }
  }

  // The fine-tuning dialog returns what it was given, and refuses to start without both files.
  // SDM_FINETUNE_SNN_DIALOG=file.png saves what it looks like.
  void snnFinetuneDialogCarriesEveryParameter() {
    SnnFinetuneJob job;
    train::SnnFinetuneConfig& c = job.config;
    c.runDir = m_tmp.filePath("ft-dialog").toStdString();
    c.annCheckpoint = std::string(SDM_TEST_DATA) + "/ann2snn/tiny_ann_ckpt.pt";
    c.annWeights = "net";
    c.snnCheckpoint = std::string(SDM_TEST_DATA) + "/ann2snn/tiny_converted_snn.pt";
    c.stepsPerBlock = 321;
    c.batch = 12;
    c.lr = 5e-4;
    c.dropout = 0.25;
    c.originalInputs = true;
    c.data.kind = train::DatasetKind::Cifar10;
    c.data.path = "/data/cifar";
    c.seed = 77;
    SnnFinetuneDialog dialog(job);
    QCOMPARE(nlohmann::json(dialog.spec()).dump(), nlohmann::json(job).dump());
    QVERIFY(renderedColours(dialog, "SDM_FINETUNE_SNN_DIALOG") > 8);
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    job.config.annCheckpoint = m_tmp.filePath("no-such-ann.pt").toStdString();
    SnnFinetuneDialog refused(job);
    refused.show();
    refused.accept();
    QCOMPARE(refused.result(), int(QDialog::Rejected));
    QVERIFY2(refused.errorText().contains("no-such-ann.pt is not a file"),
             qPrintable(refused.errorText()));
  }

  // A run folder on a read-only disk: Start keeps the dialog open and says why, in one line.
  void launchDialogRefusesAnUnwritableRunFolder() {
    sdmtest::ReadOnlyFolder ro(m_tmp.filePath("ro").toStdString());
    if (!ro.ok()) QSKIP(ro.reason().c_str());
    JobDialog refused(tinyTraining(QString::fromStdString(ro.path() + "/run"), 10));
    refused.show();
    refused.accept();
    QCOMPARE(refused.result(), int(QDialog::Rejected));
    QVERIFY(refused.isVisible());
    const QString why = refused.errorText();
    QVERIFY2(why.contains(QString::fromStdString(ro.path())) &&
                 why.contains(::geteuid() == 0 ? "Read-only file system" : "Permission denied"),
             qPrintable(why));
    auto* label = refused.findChild<QLabel*>(QStringLiteral("jobDialogError"));
    QVERIFY(label && label->isVisible());
    JobDialog accepted(tinyTraining(m_tmp.filePath("writable-run"), 10));
    accepted.show();
    accepted.accept();
    QCOMPARE(accepted.result(), int(QDialog::Accepted));
    QVERIFY(accepted.errorText().isEmpty());
  }

  // SDM's quantized ANN as a studio job: its checkpoint opens as the ANN and names its bit width.
  void annTrainingJobRuns() {
    JobsUi ui(QString{});
    const QString runDir = m_tmp.filePath("run-ann");
    TrainingJob s = tinyTraining(runDir, 6);
    s.config.kind = train::RunKind::TrainAnn;
    s.config.model.ch = 32;  // GroupNorm(32, C)
    s.config.bit = 2;
    s.config.sampleEvery = 3;
    s.config.sampleSize = 4;
    QCOMPARE(QString::fromStdString(s.title()), QString("train-ann ch 32 [1,2] 2-bit · 6 steps"));
    QSignalSpy finished(&ui.queue, &JobQueue::jobFinished);
    const quint64 id = ui.controller.launch(s);
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), sdmtest::ms(90000));
    const JobRecord* r = ui.queue.job(id);
    QVERIFY2(r->state == JobRecord::State::Done, qPrintable(r->error));
    QCOMPARE(ui.view.lossPlot()->pointCount(), 6);
    QCOMPARE(ui.view.sampleGridCount(), 2);
    sdm::Engine engine;
    const sdm::ModelInfo info = engine.load(runDir.toStdString() + "/ckpt.pt", {});
    QVERIFY2(info.summary.find("2-bit ReLU") != std::string::npos, info.summary.c_str());
    QVERIFY(!info.spiking);
  }

  // TSM finetuning of the run trainingJobRunsToTheEnd() made; two jobs run one after the other.
  void finetuneJobsRunOneAtATime() {
    const QString source = m_tmp.filePath("run-a/ckpt.pt");
    if (!QFile::exists(source)) QSKIP("needs trainingJobRunsToTheEnd()");
    JobsUi ui(QString{});
    TrainingJob job = tinyTraining(m_tmp.filePath("tsm-1"), 4);
    train::TrainConfig& s = job.config;
    s.kind = train::RunKind::FinetuneTsm;
    s.sourceCheckpoint = source.toStdString();
    s.sourceWeights = "ema";
    s.model.snnSteps = 0;  // the source's own T (its metadata)
    s.warmup = 0;
    s.lr = 1e-5;
    s.saveEvery = 2;
    s.sampleEvery = 0;
    s.lrDecayFrom = 2;  // a cooldown over the last two steps
    const quint64 first = ui.controller.launch(job);
    s.runDir = m_tmp.filePath("tsm-2").toStdString();
    const quint64 second = ui.controller.launch(job);
    QVERIFY(ui.queue.job(first)->state == JobRecord::State::Running);
    QVERIFY(ui.queue.job(second)->state == JobRecord::State::Queued);
    QCOMPARE(ui.queue.running(), first);
    QTRY_VERIFY_WITH_TIMEOUT(ui.queue.job(second)->state != JobRecord::State::Queued &&
                                 ui.queue.job(second)->state != JobRecord::State::Running,
                             sdmtest::ms(90000));
    for (quint64 id : {first, second}) {
      const JobRecord* r = ui.queue.job(id);
      QVERIFY2(r->state == JobRecord::State::Done, qPrintable(r->error));
      QCOMPARE(r->last.step, 4);
      QVERIFY(runHasCheckpoint(jobOutputPath(r->spec)));
      QVERIFY(QString::fromStdString(jobTitle(r->spec)).contains("TSM finetune"));
    }
    QFile config(m_tmp.filePath("tsm-1/config.json"));
    QVERIFY(config.open(QIODevice::ReadOnly));
    const auto c = nlohmann::json::parse(config.readAll().toStdString());
    QCOMPARE(c["kind"].get<std::string>(), std::string("finetune-tsm"));
    QVERIFY(c["model"]["tsm"].get<bool>());
    QCOMPARE(c["model"]["snn_timesteps"].get<int>(), 2);
    QCOMPARE(c["lr_decay_from"].get<int>(), 2);
    ui.controller.selectJob(first);
    QCOMPARE(ui.view.lossPlot()->pointCount(), 4);
  }

  void aFailingJobSaysWhy() {
    JobsUi ui(QString{});
    TrainingJob s = tinyTraining(m_tmp.filePath("run-bad"), 5);
    s.config.data.path = m_tmp.filePath("no-such-folder").toStdString();
    const quint64 id = ui.controller.launch(s);
    QTRY_VERIFY_WITH_TIMEOUT(ui.queue.job(id)->state == JobRecord::State::Failed,
                             sdmtest::ms(30000));
    QVERIFY(ui.queue.job(id)->error.contains("no-such-folder"));
    QVERIFY(ui.view.statusLabel()->text().contains("no-such-folder"));
    QVERIFY(ui.list.job(ui.controller.entryOf(id))->detail.contains("no-such-folder"));
    QVERIFY(ui.view.resumeButton()->isEnabled());
    QVERIFY(!ui.view.cancelButton()->isEnabled());
  }

  // The Jobs view while a training job runs, grabbed and checked. SDM_JOBS_SCREENSHOT=file.png
  // makes the README's screenshot instead: a longer run (600 steps) written to that file.
  void screenshotWhileTraining() {
    const QString docShot = qEnvironmentVariable("SDM_JOBS_SCREENSHOT");
    const bool doc = !docShot.isEmpty();
    JobsUi ui(m_tmp.filePath("doc/jobs.json"));
    ui.view.resize(1300, 460);
    ui.view.show();
    TrainingJob job = tinyTraining(m_tmp.filePath("runs/fmnist-tiny"), doc ? 3000 : 400);
    train::TrainConfig& spec = job.config;
    spec.data.limit = doc ? 4096 : 256;
    spec.batch = doc ? 16 : 4;
    spec.warmup = doc ? 50 : 5;
    spec.lr = 2e-3;
    spec.emaDecay = 0.995;  // the grids (EMA weights) show what 600 steps learnt
    spec.saveEvery = 500;
    spec.sampleEvery = doc ? 100 : 10;
    spec.sampleSize = doc ? 32 : 4;
    spec.sampleSteps = doc ? 10 : 2;
    const quint64 id = ui.controller.launch(job);
    QTRY_VERIFY_WITH_TIMEOUT(ui.view.sampleGridCount() >= (doc ? 6 : 2), sdmtest::ms(300000));
    ui.view.sampleSlider()->setValue(ui.view.sampleSlider()->maximum());
    widgets::replotAll(&ui.view);
    const QImage shot = ui.view.grab().toImage();
    QSet<QRgb> colours;
    for (int y = 0; y < shot.height(); y += 2)
      for (int x = 0; x < shot.width(); x += 2) colours.insert(shot.pixel(x, y));
    QVERIFY2(colours.size() > 50, qPrintable(QString("%1 colours").arg(colours.size())));
    QVERIFY(shot.save(doc ? docShot : m_tmp.filePath("jobs.png")));
    ui.queue.cancel(id);
    QTRY_VERIFY_WITH_TIMEOUT(ui.queue.job(id)->state == JobRecord::State::Cancelled,
                             sdmtest::ms(60000));
  }

  // The run folder of a finished job is deleted while the Jobs view shows it: selecting it again
  // and scrubbing its sample grids do not crash, and Resume / Open folder are no longer offered.
  void runFolderDeletedWhileShown() {
    JobsUi ui(QString{});
    const QString runDir = m_tmp.filePath("run-deleted");
    QSignalSpy finished(&ui.queue, &JobQueue::jobFinished);
    const quint64 id = ui.controller.launch(tinyTraining(runDir, 20));
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), sdmtest::ms(90000));
    QCOMPARE(ui.queue.job(id)->state, JobRecord::State::Done);
    ui.controller.selectJob(id);
    QVERIFY(ui.view.sampleGridCount() >= 2);
    QVERIFY(fs::remove_all(runDir.toStdString()) > 0);
    ui.controller.selectJob(id);  // selected again: re-reads the (now missing) folder
    ui.view.sampleSlider()->setValue(0);
    widgets::replotAll(&ui.view);
    QVERIFY(!ui.view.grab().isNull());
    // Nothing is left to resume or open: the view says so instead of offering it.
    QVERIFY(!ui.view.resumeButton()->isEnabled());
    QVERIFY(!ui.view.openFolderButton()->isEnabled());
    qInfo("status after deletion: %s", qPrintable(ui.view.statusLabel()->text()));
  }

 private:
  QTemporaryDir m_tmp;
};

QTEST_MAIN(TestJobs)
#include "test_jobs.moc"
