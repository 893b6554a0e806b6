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

// The queue, the job list, the Jobs view and its controller, as the main window assembles them.
struct JobsUi {
  explicit JobsUi(const QString& store)
      : queue(store), view(&list), controller(&queue, &view, &list, nullptr, nullptr, &view) {
    view.resize(1100, 420);
    view.show();
  }
  JobQueue queue;
  widgets::JobListModel list;
  widgets::JobsView view;
  JobsController controller;
};

// The state shown in the activity list for the queue job `id`.
QString stateText(const widgets::JobListModel& list, const JobsController& jobs, quint64 id) {
  const widgets::JobEntry* e = list.job(jobs.entryOf(id));
  return e ? widgets::JobListModel::stateText(e->state) : QString();
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
             readLossHistory(runDir.toStdString()).front().second);
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
      JobDialog dialog(job);
      QCOMPARE(nlohmann::json(dialog.spec()).dump(), nlohmann::json(job).dump());
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
    dialog.resize(640, dialog.sizeHint().height());
    dialog.show();
    const QImage shot = dialog.grab().toImage();
    QSet<QRgb> colours;
    for (int y = 0; y < shot.height(); y += 4)
      for (int x = 0; x < shot.width(); x += 4) colours.insert(shot.pixel(x, y));
    QVERIFY(colours.size() > 8);  // text, fields and buttons, not a blank window
    if (const QString out = qEnvironmentVariable("SDM_FINETUNE_SNN_DIALOG"); !out.isEmpty())
      QVERIFY(shot.save(out));
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
    const auto history = readLossHistory(c.runDir);
    QCOMPARE(int64_t(history.size()), r->last.total);
    for (std::size_t i = 0; i < history.size(); ++i) QCOMPARE(history[i].first, int64_t(i + 1));
    QCOMPARE(ui.view.lossPlot()->pointCount(), int(history.size()));
    // Each block's loss is its own segment of the curve, named, from its first step.
    const auto blocks = readLossBlocks(c.runDir);
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

QTEST_MAIN(TestJobs)
#include "test_jobs.moc"
