// The studio end to end, as a user drives it: the views must show what the core computed.
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QUrl>

#include <QThread>

#include <thread>

#include "compare_controller.h"
#include "compare_grid_view.h"
#include "compare_panel.h"
#include "energy_view.h"
#include "export_controller.h"
#include "frame_slot.h"
#include "generate_panel.h"
#include "generate_settings.h"
#include "image_convert.h"
#include "image_grid_view.h"
#include "images_page.h"
#include "job_list_model.h"
#include "jobs_controller.h"
#include "jobs_view.h"
#include "log_view.h"
#include "membrane_view.h"
#include "model_info_view.h"
#include "model_panel.h"
#include "rate_heatmap_view.h"
#include "request_text.h"
#include "screenshot_runner.h"
#include "spike_raster_view.h"
#include "spikes_page.h"
#include "studio_fixture.h"
#include "trajectory_view.h"

using namespace sdm;
using namespace sdm::studio;

namespace {

// The same request run by a separate Engine on a thread set up as the studio's worker.
GenerationResult reference(const GenerateParams& params,
                           const std::string& checkpoint = sdmtest::golden("tiny_sddpm_ckpt.pt")) {
  GenerationResult out;
  std::thread t([&] {
    setComputeThreads(0);  // as the studio's worker: the cores of the affinity mask
    Engine engine;
    engine.load(checkpoint, {});
    out = engine.generate(params, {}, CancelToken());
  });
  t.join();
  return out;
}

QVector<QPointF> rasterPoints(const LayerEval& le) {
  QVector<QPointF> out;
  for (std::size_t t = 0; t < le.trace().raster.size(); ++t)
    for (uint16_t n : le.trace().raster[t]) out.push_back(QPointF(double(t), double(n)));
  return out;
}

}  // namespace

class TestStudio : public QObject {
  Q_OBJECT
  std::unique_ptr<MainWindow> w;
  GeneratePanel* panel() { return w->generatePanel(); }
  void setSolver(const char* name) {
    panel()->solverCombo()->setCurrentIndex(panel()->solverCombo()->findData(QString(name)));
  }

 private Q_SLOTS:
  void initTestCase() {
    w = sdmtest::openStudio();
    QVERIFY(QTest::qWaitForWindowExposed(w.get()));
    QVERIFY(
        !w->imagesPage()->grid()->placeholderText().isEmpty());  // the empty state says what to do
    QVERIFY(!panel()->generateButton()->isEnabled());
    QVERIFY(sdmtest::loadModel(*w, sdmtest::tinyCheckpoint()));
    w->generateSettings()->setSeedMode(GenerateSettings::SeedMode::Fixed);
  }

  void modelViewShowsTheCheckpoint() {
    const auto* info = w->modelPanel()->infoView();
    QVERIFY(info->value("architecture").contains("Spk_UNet"));
    QVERIFY(info->value("architecture").contains("ch 32"));
    QVERIFY(info->value("snn").startsWith("4"));
    QVERIFY(info->value("training").startsWith("1000"));
    QVERIFY(info->value("keys").contains("net_model"));
    QCOMPARE(info->value("weights"), QStringLiteral("net_model"));
    QVERIFY(info->value("parameters")
                .contains(QLocale().toString(qlonglong(w->modelController()->info().parameters))));
    QVERIFY(info->value("gflops").contains("GFLOP"));
    QVERIFY(w->modelPanel()->snnStepsSpin()->isEnabled());  // a plain Spk_UNet: T is free
    QVERIFY(panel()->generateButton()->isEnabled());
    QVERIFY(w->logView()->text().contains("loaded"));  // the core's log reached the dock
  }

  void slidersAndCombosChangeTheRequest() {
    setSolver("dpm-solver++");
    panel()->stepsSlider()->setValue(15);
    panel()->orderSpin()->setValue(3);
    panel()->methodCombo()->setCurrentIndex(panel()->methodCombo()->findData("singlestep"));
    panel()->gridCombo()->setCurrentIndex(panel()->gridCombo()->findData("logSNR"));
    panel()->seedSpin()->setValue(7);
    panel()->batchSpin()->setValue(2);
    panel()->microBatchSpin()->setValue(0);
    w->modelPanel()->thresholdSlider()->setValue(1200);
    GenerateParams p = w->generateController()->request();
    QCOMPARE(p.solver.kind, SolverKind::DpmSolverPP);
    QCOMPARE(p.solver.steps, 15);
    QCOMPARE(panel()->stepsSpin()->value(), 15);
    QCOMPARE(p.solver.order, 3);
    QVERIFY(p.solver.method == DpmMethod::Singlestep);
    QVERIFY(p.solver.skip == TimeGrid::LogSnr);
    QCOMPARE(p.seed, uint64_t(7));
    QCOMPARE(p.batch, 2);
    QCOMPARE(p.microBatch, 0);
    QCOMPARE(p.threshold, 1.2f);
    QCOMPARE(p.record.threshold, 1.2f);
    w->modelPanel()->setThreshold(0.997f);  // SDM's Table 3 steps of 0.001 are reachable
    QCOMPARE(w->generateController()->request().threshold, 0.997f);
    QCOMPARE(w->modelPanel()->thresholdSlider()->value(), 997);

    setSolver("ddim");
    panel()->etaSpin()->setValue(0.5);
    p = w->generateController()->request();
    QCOMPARE(p.solver.kind, SolverKind::Ddim);
    QCOMPARE(p.solver.eta, 0.5);
    QVERIFY(p.solver.skip == TimeGrid::LogSnr);  // a grid both solvers know is kept
    panel()->gridCombo()->setCurrentIndex(panel()->gridCombo()->findData("quadratic"));
    QVERIFY(w->generateController()->request().solver.skip == TimeGrid::Quadratic);
    panel()->gridCombo()->setCurrentIndex(panel()->gridCombo()->findData("uniform"));
    QVERIFY(!w->generateController()->request().solver.rederiveEps);  // the original by default
    panel()->rederiveEpsCheck()->setChecked(true);
    QVERIFY(w->generateController()->request().solver.rederiveEps);
    QVERIFY(!panel()->rederiveEpsCheck()->isHidden());

    setSolver("ddpm");
    QVERIFY(panel()->rederiveEpsCheck()->isHidden());  // a DDIM-only setting
    QVERIFY(!w->generateController()->request().solver.rederiveEps);
    QVERIFY(!panel()->stepsSpin()->isEnabled());
    QCOMPARE(w->generateController()->request().solver.steps, 1000);  // the training timesteps

    // Back to a quick, deterministic setting for the tests below.
    setSolver("ddim");
    panel()->etaSpin()->setValue(0.0);
    panel()->rederiveEpsCheck()->setChecked(false);
    panel()->microBatchSpin()->setValue(1);
    w->modelPanel()->thresholdSlider()->setValue(1000);
  }

  void gridShowsTheImagesTheCoreProduced() {
    setSolver("ddim");
    panel()->stepsSpin()->setValue(10);
    panel()->seedSpin()->setValue(3);
    panel()->batchSpin()->setValue(4);
    const GenerateParams params = w->generateController()->request();
    QSignalSpy done(w->generateController(), &GenerateController::runFinished);
    QTest::mouseClick(panel()->generateButton(), Qt::LeftButton);
    QVERIFY(done.wait(sdmtest::ms(120000)));
    const GenerationResult ref = reference(params);
    QCOMPARE(ref.images.size(), std::size_t(4));

    w->tabs()->setCurrentWidget(w->imagesPage());
    auto* grid = w->imagesPage()->grid();
    grid->setZoom(2);
    QCOMPARE(int(grid->images().size()), 4);
    const QImage shot = grid->canvas()->grab().toImage();
    int compared = 0;
    for (int i = 0; i < 4; ++i) {
      const io::Image8& im = ref.images[std::size_t(i)];
      const QRect cell = grid->cellRect(i);
      QCOMPARE(cell.size(), QSize(im.width * 2, im.height * 2));
      for (int y = 0; y < im.height; ++y)
        for (int x = 0; x < im.width; ++x) {
          const uint8_t v = im.pixels[(std::size_t(y) * im.width + x) * im.channels];
          QCOMPARE(shot.pixel(cell.x() + 2 * x, cell.y() + 2 * y), qRgb(v, v, v));
          ++compared;
        }
    }
    QCOMPARE(compared, 4 * 32 * 32);
    // The trajectory holds every step, scrubbable after the run.
    auto* traj = w->imagesPage()->trajectory();
    QCOMPARE(traj->frameCount(), 10);
    QVERIFY(traj->slider()->isEnabled());
    const QImage x0 = traj->frame(4)->x0.front();
    QCOMPARE(x0, widgets::toQImage(ref.frames[4].x0.front()));
    QVERIFY(w->imagesPage()->caption().contains("DDIM"));
    QVERIFY(panel()->status().startsWith("Done"));
    QCOMPARE(panel()->progressBar()->value(), 10);
  }

  void spikeViewsShowTheRecordedSpikes() {
    const GenerateParams params = w->generateController()->request();
    const GenerationResult ref = reference(params);
    auto* spikes = w->spikesPage();
    w->tabs()->setCurrentWidget(spikes);
    QVERIFY(ref.spikes);
    QCOMPARE(spikes->heatmap()->columns(), ref.evaluations);  // one column per diffusion step
    QCOMPARE(spikes->heatmap()->rows(), int(ref.spikes->layout->layers.size()));
    const auto rates = ref.spikes->rateMatrix();
    int checked = 0;
    for (int step : {0, 4, 9})
      for (int layer : {0, 5, 13, 26}) {
        spikes->setCurrentLayer(layer);
        spikes->setCurrentStep(step);
        const LayerEval& le =
            ref.spikes->evaluations[std::size_t(step)]->layers[std::size_t(layer)];
        QCOMPARE(spikes->raster()->stepPoints(step), rasterPoints(le));
        checked += int(spikes->raster()->stepPoints(step).size());
        QCOMPARE(spikes->heatmap()->cell(step, layer),
                 rates[std::size_t(layer)][std::size_t(step)]);
        QCOMPARE(spikes->membrane()->traceCount(), int(le.trace().membrane.size()));
        const auto v = spikes->membrane()->traceValues(0);
        for (std::size_t t = 0; t < v.size(); ++t)
          QCOMPARE(v[t], double(le.trace().membrane[0][t]));
        QCOMPARE(spikes->membrane()->thresholdValue(), 1.0);
        QVERIFY(spikes->energy()->cellText(0, 0).contains("J"));
        QVERIFY(spikes->energy()->cellText(2, 1).contains("J"));
      }
    QVERIFY(checked > 0);  // the layers fire: the comparison above is not vacuous
  }

  // The raster is the whole run (every diffusion step side by side), of the chosen sample, and of
  // the neurons the user chose: one channel, or the most active of the last run (recorded again,
  // same images).
  void rasterFollowsTheChosenSampleAndNeurons() {
    const GenerateParams params = w->generateController()->request();
    const GenerationResult ref = reference(params);
    auto* spikes = w->spikesPage();
    w->tabs()->setCurrentWidget(spikes);
    const int layer = 5, T = ref.spikes->layout->snnSteps;
    spikes->setCurrentLayer(layer);
    spikes->setCurrentSample(2);
    QCOMPARE(spikes->currentSample(), 2);
    QCOMPARE(spikes->raster()->stepCount(), ref.evaluations);
    QVector<QPointF> whole;
    for (int e = 0; e < ref.evaluations; ++e) {
      const auto& raster =
          ref.spikes->evaluations[std::size_t(e)]->layers[std::size_t(layer)].trace(2).raster;
      for (std::size_t t = 0; t < raster.size(); ++t)
        for (uint16_t n : raster[t]) whole.push_back(QPointF(double(e * T) + double(t), n));
    }
    QVERIFY(!whole.isEmpty());
    QCOMPARE(spikes->raster()->points(), whole);
    spikes->setCurrentSample(0);

    const auto first = w->generateController()->lastResult();
    QSignalSpy done(w->generateController(), &GenerateController::runFinished);
    spikes->setNeuronChoice(widgets::SpikesPage::NeuronChoice::Channel, 1);
    QVERIFY(done.wait(sdmtest::ms(120000)));
    auto channelRun = w->generateController()->lastResult();
    QCOMPARE(channelRun->images.size(), first->images.size());
    for (std::size_t i = 0; i < first->images.size(); ++i)
      QVERIFY(channelRun->images[i].pixels == first->images[i].pixels);  // same run, other neurons
    const auto& nl = channelRun->spikes->layout->layers[std::size_t(layer)];
    const auto& followed = channelRun->spikes->layout->rasterNeurons[std::size_t(layer)];
    QCOMPARE(int64_t(followed.size()), int64_t(nl.height) * nl.width);
    QCOMPARE(followed.front(), int64_t(nl.height) * nl.width);

    spikes->setNeuronChoice(widgets::SpikesPage::NeuronChoice::MostActive);
    QVERIFY(done.wait(sdmtest::ms(120000)));
    const auto active = w->generateController()->lastResult();
    const auto& counts = channelRun->spikes->neuronCounts[std::size_t(layer)];
    const auto& top = active->spikes->layout->rasterNeurons[std::size_t(layer)];
    QCOMPARE(top, mostActiveNeurons(*channelRun->spikes, layer, 256));
    // The most active neurons fire at least as often as the seeded random sample does.
    double topMean = 0, randomMean = 0;
    for (int64_t n : top) topMean += counts[std::size_t(n)];
    for (int64_t n : ref.spikes->layout->rasterNeurons[std::size_t(layer)])
      randomMean += counts[std::size_t(n)];
    QVERIFY(topMean / double(top.size()) >=
            randomMean / double(ref.spikes->layout->rasterNeurons[std::size_t(layer)].size()));

    spikes->setNeuronChoice(widgets::SpikesPage::NeuronChoice::Random);
    QVERIFY(done.wait(sdmtest::ms(120000)));
    QCOMPARE(w->generateController()->lastResult()->spikes->layout->rasterNeurons,
             ref.spikes->layout->rasterNeurons);
  }

  void scrubbingMovesEveryView() {
    auto* spikes = w->spikesPage();
    auto* traj = w->imagesPage()->trajectory();
    spikes->stepSlider()->setValue(2);  // as the user drags it
    QCOMPARE(traj->currentStep(), 2);
    QCOMPARE(w->generateController()->currentStep(), 2);
    traj->slider()->setValue(6);
    QCOMPARE(spikes->currentStep(), 6);
    QCOMPARE(spikes->stepSlider()->value(), 6);
  }

  void cancelStopsALongRunAtOnce() {
    setSolver("ddpm");  // 1000 network evaluations
    panel()->batchSpin()->setValue(1);
    QSignalSpy first(w->generateController(), &GenerateController::firstFrameShown);
    QSignalSpy done(w->generateController(), &GenerateController::runFinished);
    QTest::mouseClick(panel()->generateButton(), Qt::LeftButton);
    QVERIFY(first.wait(sdmtest::ms(60000)));
    QTRY_VERIFY_WITH_TIMEOUT(panel()->progressBar()->value() >= 10,
                             sdmtest::ms(60000));  // well under way
    QVERIFY(panel()->cancelButton()->isEnabled());
    QElapsedTimer clock;
    clock.start();
    QTest::mouseClick(panel()->cancelButton(), Qt::LeftButton);
    // Acknowledged before the worker even stops.
    QVERIFY(!panel()->cancelButton()->isEnabled());
    QVERIFY(panel()->status().contains("Cancelling"));
    QVERIFY(done.wait(sdmtest::ms(30000)));
    const qint64 stopMs = clock.elapsed();
    const auto result = done.last().first().value<ResultPtr>();
    QVERIFY(result->cancelled);
    QVERIFY(result->evaluations < 1000);
    QVERIFY(panel()->status().startsWith("Cancelled"));
    qInfo("cancel: stopped after %d of 1000 evaluations, %lld ms after the click",
          result->evaluations, stopMs);
    QVERIFY(stopMs < 5000);
    const quint64 jobId = w->jobs()->data(w->jobs()->index(0, 0), Qt::UserRole).toULongLong();
    const auto* job = w->jobs()->job(jobId);
    QVERIFY(job);
    QCOMPARE(job->state, widgets::JobEntry::State::Cancelled);
    // A finished session run can leave the Jobs list.
    w->jobsView()->selectJob(jobId);
    QCOMPARE(w->jobsView()->currentJob(), jobId);
    QVERIFY(w->jobsView()->removeButton()->isEnabled());
    const int rows = w->jobs()->rowCount();
    w->jobsView()->removeButton()->click();
    QVERIFY(!w->jobs()->job(jobId));
    QCOMPARE(w->jobs()->rowCount(), rows - 1);
    setSolver("ddim");
    panel()->batchSpin()->setValue(4);
  }

  void newRequestSupersedesARunningOne() {
    setSolver("ddpm");
    panel()->batchSpin()->setValue(1);
    QSignalSpy first(w->generateController(), &GenerateController::firstFrameShown);
    QSignalSpy done(w->generateController(), &GenerateController::runFinished);
    w->generateController()->generate();
    QVERIFY(first.wait(sdmtest::ms(60000)));
    setSolver("ddim");
    panel()->stepsSpin()->setValue(3);
    w->generateController()->generate();      // replaces the 1000-step run
    QVERIFY(first.wait(sdmtest::ms(60000)));  // the new run is live too
    // A 3-step run can finish inside the wait above: only wait if it has not.
    QVERIFY(done.count() > 0 || done.wait(sdmtest::ms(60000)));
    const auto result = done.last().first().value<ResultPtr>();
    QCOMPARE(result->evaluations, 3);  // only the newest run reaches the views
    QCOMPARE(done.count(), 1);
    QCOMPARE(w->imagesPage()->trajectory()->frameCount(), 3);
    panel()->batchSpin()->setValue(4);
  }

  void frameSlotHandsOverEveryFrameOnce() {
    FrameSlot slot;
    auto frame = [](int e) {
      auto f = std::make_shared<GenerationFrame>();
      f->evaluation = e;
      return FramePtr(f);
    };
    QVERIFY(slot.publish(1, frame(0)));   // the GUI is told once...
    QVERIFY(!slot.publish(1, frame(1)));  // ...until it has taken what waits
    const auto taken = slot.take(1);
    QCOMPARE(int(taken.size()), 2);
    QCOMPARE(taken[1]->evaluation, 1);
    QVERIFY(slot.take(1).empty());
    QVERIFY(slot.publish(1, frame(2)));
    // A new run that the GUI never took from the old one still gets its notification.
    QVERIFY(slot.publish(2, frame(0)));
    QVERIFY(slot.take(1).empty());
    QCOMPARE(int(slot.take(2).size()), 1);
  }

  void corruptCheckpointShowsErrorAndKeepsModel() {
    QTemporaryDir dir;
    const QString bad = dir.filePath("broken.pt");
    QFile f(bad);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QByteArray("PK\x03\x04 this is not a checkpoint", 32));
    f.close();
    const std::string before = w->modelController()->info().path;
    QSignalSpy failed(w->modelController(), &ModelController::loadFailed);
    QSignalSpy changed(w->modelController(), &ModelController::modelChanged);
    w->modelController()->open(bad);
    QVERIFY(failed.wait(sdmtest::ms(30000)));
    QCOMPARE(changed.count(), 0);
    QMessageBox* box = w->modelController()->errorDialog();
    QVERIFY(box);
    QTRY_VERIFY_WITH_TIMEOUT(box->isVisible(), sdmtest::ms(5000));
    QVERIFY(box->text().contains("broken.pt"));
    QVERIFY(box->text().contains("stays loaded"));
    QCOMPARE(w->modelController()->info().path, before);
    QVERIFY(w->modelPanel()->infoView()->value("file").contains("tiny_sddpm_ckpt.pt"));
    box->close();
    QTRY_VERIFY_WITH_TIMEOUT(!w->modelController()->errorDialog(), sdmtest::ms(5000));
    panel()->stepsSpin()->setValue(3);  // the previous model still generates
    const auto result = sdmtest::generateAndWait(*w);
    QVERIFY(result);
    QCOMPARE(result->evaluations, 3);
  }

  // The demo opens with its model card's threshold guidance; another model starts at 1.0.
  void demoThresholdAppliesToTheDemoOnly() {
    StudioOptions o;
    o.checkpoint = sdmtest::tinyCheckpoint();  // stands in for the demo
    o.threshold = 0.95;
    o.demoThreshold = true;
    applyCommandLine(w.get(), o);
    QCOMPARE(w->modelPanel()->threshold(), 0.95f);
    QVERIFY(sdmtest::loadModel(*w, sdmtest::tinyCheckpoint()));  // the demo again: kept
    QCOMPARE(w->modelPanel()->threshold(), 0.95f);
    QTemporaryDir dir;
    const QString other = dir.filePath("other.pt");
    QVERIFY(QFile::copy(sdmtest::tinyCheckpoint(), other));
    QVERIFY(sdmtest::loadModel(*w, other));
    QCOMPARE(w->modelPanel()->threshold(), 1.0f);
    w->modelPanel()->setThreshold(1.1f);  // the user's choice is left alone from then on
    QVERIFY(sdmtest::loadModel(*w, sdmtest::tinyCheckpoint()));
    QCOMPARE(w->modelPanel()->threshold(), 1.1f);
    w->modelPanel()->setThreshold(1.0f);
  }

  void analyticDpmWithoutGammaShowsTheEngineText() {
    setSolver("analytic-dpm");
    QSignalSpy failed(w->generateController(), &GenerateController::runFailed);
    w->generateController()->generate();
    QVERIFY(failed.wait(sdmtest::ms(30000)));
    QMessageBox* box = w->generateController()->errorDialog();
    QVERIFY(box);
    QTRY_VERIFY_WITH_TIMEOUT(box->isVisible(), sdmtest::ms(5000));
    QVERIFY(box->text().contains("Gamma file"));
    QVERIFY(box->text().contains("sdm-cli gamma"));  // says how to make one
    bool hasChooser = false;
    for (auto* b : box->buttons()) hasChooser |= b->text().contains("Gamma");
    QVERIFY(hasChooser);
    box->close();
    setSolver("ddim");
  }

  void autoRegenerateIsDebounced() {
    panel()->autoCheck()->setChecked(true);
    QSignalSpy started(w->generateController(), &GenerateController::runStarted);
    QSignalSpy done(w->generateController(), &GenerateController::runFinished);
    panel()->stepsSpin()->setValue(4);
    panel()->stepsSpin()->setValue(5);
    panel()->stepsSpin()->setValue(6);
    QCOMPARE(started.count(), 0);  // nothing until the edits pause
    QVERIFY(done.wait(sdmtest::ms(60000)));
    QCOMPARE(started.count(), 1);
    QCOMPARE(done.last().first().value<ResultPtr>()->evaluations, 6);
    panel()->autoCheck()->setChecked(false);
  }

  void seedAdvancesAfterARunWhenAsked() {
    w->generateSettings()->setSeedMode(GenerateSettings::SeedMode::Increment);
    panel()->seedSpin()->setValue(10);
    panel()->batchSpin()->setValue(4);
    QVERIFY(sdmtest::generateAndWait(*w));
    QCOMPARE(panel()->seedSpin()->value(), 14);
    QCOMPARE(w->generateController()->lastParams().seed, uint64_t(10));
    w->generateSettings()->setSeedMode(GenerateSettings::SeedMode::Fixed);
  }

  void compareGridFromOneSeedAndCellClick() {
    ComparePanel* cp = w->comparePanel();
    w->tabs()->setCurrentWidget(cp);
    cp->setMode(ComparePanel::Mode::SolversBySteps);
    cp->setValues("2, 4");
    panel()->seedSpin()->setValue(5);
    QSignalSpy finished(w->compareController(), &CompareController::finished);
    // DDPM's 1000 evaluations would take long: keep it out, and check it is skipped in NFE mode.
    cp->setSolvers({SolverKind::Ddim, SolverKind::DpmSolver});
    QTest::mouseClick(cp->runButton(), Qt::LeftButton);
    QVERIFY(finished.wait(sdmtest::ms(120000)));
    QCOMPARE(finished.last().first().toBool(), false);
    auto* grid = cp->grid();
    QCOMPARE(grid->rowCount(), 2);
    QCOMPARE(grid->columnCount(), 2);
    for (int r = 0; r < 2; ++r)
      for (int c = 0; c < 2; ++c) {
        const auto& cell = grid->cellAt(r, c);
        QCOMPARE(cell.state, widgets::CompareCell::State::Done);
        QVERIFY(cell.caption.contains(QString("NFE %1").arg(c == 0 ? 2 : 4)));
        QVERIFY(cell.caption.contains("J per image"));
        QVERIFY(!cell.image.isNull());
      }
    // Every cell starts from the seed's x_T: a cell equals a plain run of its own settings.
    GenerateParams p = w->compareController()->cellParams(0, 1);
    QCOMPARE(p.seed, uint64_t(5));
    QCOMPARE(p.solver.steps, 4);
    const GenerationResult ref = reference(p);
    QCOMPARE(grid->cellAt(0, 1).image, widgets::composeGrid(widgets::toQImages(ref.images), 2, 1));
    // A click loads the cell's settings into Generate.
    grid->scrollToItem(grid->item(1, 1));
    QSignalSpy loaded(w->compareController(), &CompareController::cellLoaded);
    QTest::mouseClick(grid->viewport(), Qt::LeftButton, {},
                      grid->visualItemRect(grid->item(1, 1)).center());
    QCOMPARE(loaded.count(), 1);
    QCOMPARE(panel()->solverCombo()->currentData().toString(), QStringLiteral("dpm-solver"));
    QCOMPARE(panel()->stepsSpin()->value(), 4);
    QCOMPARE(panel()->batchSpin()->value(), 4);

    // Equal NFE: DDPM cannot spend 3 evaluations, the others get the steps that do.
    cp->setSolvers({SolverKind::Ddpm, SolverKind::Ddim});
    cp->setMode(ComparePanel::Mode::EqualNfe);
    cp->setValues("3");
    w->compareController()->run();
    QVERIFY(finished.wait(sdmtest::ms(120000)));
    QCOMPARE(grid->cellAt(0, 0).state, widgets::CompareCell::State::Skipped);
    QCOMPARE(grid->cellAt(1, 0).state, widgets::CompareCell::State::Done);
    QVERIFY(grid->cellAt(1, 0).caption.startsWith("NFE 3"));

    // Equal energy: the budget buys whole evaluations at the last generation's energy per
    // evaluation (same weights, same threshold); less than one evaluation is a skipped cell.
    setSolver("ddim");
    panel()->stepsSpin()->setValue(3);
    QVERIFY(sdmtest::generateAndWait(*w));
    const auto last = w->generateController()->lastResult();
    QVERIFY(last && last->energy && last->energy->picojoules > 0);
    const double perEvalMj = last->energy->picojoules * 1e-9;
    cp->setSolvers({SolverKind::Ddim, SolverKind::DpmSolver});
    cp->setMode(ComparePanel::Mode::EqualEnergy);
    cp->setValues(
        QString("%1, %2").arg(0.5 * perEvalMj, 0, 'g', 6).arg(3.5 * perEvalMj, 0, 'g', 6));
    QCOMPARE(cp->energyBudgets().size(), std::size_t(2));
    w->compareController()->run();
    QVERIFY(finished.wait(sdmtest::ms(120000)));
    for (int r = 0; r < 2; ++r) {
      QCOMPARE(grid->cellAt(r, 0).state, widgets::CompareCell::State::Skipped);
      QCOMPARE(grid->cellAt(r, 1).state, widgets::CompareCell::State::Done);
      const GenerateParams cellP = w->compareController()->cellParams(r, 1);
      QVERIFY(Engine::evaluationsFor(cellP.solver) <= 3);
      QVERIFY2(grid->cellAt(r, 1).caption.startsWith("NFE 3"),
               qPrintable(grid->cellAt(r, 1).caption));
    }
    // A different threshold fires differently: the measured energy no longer applies.
    w->modelPanel()->setThreshold(1.25f);
    w->compareController()->run();
    QVERIFY(!w->compareController()->isRunning());
    w->modelPanel()->setThreshold(1.0f);
    cp->setMode(ComparePanel::Mode::SolversBySteps);
  }

  // Models as rows: the TSM finetune and a converted SNN beside the loaded model, every cell from
  // the seed's x_T; a click on another model's cell opens that model with the cell's settings.
  void compareModelsFromOneSeed() {
    ComparePanel* cp = w->comparePanel();
    w->tabs()->setCurrentWidget(cp);
    const QString tsm = QString::fromStdString(sdmtest::golden("tiny_tsm_ckpt.pt"));
    const QString converted = QString(SDM_TEST_DATA) + "/ann2snn/tiny_converted_snn.pt";
    QTemporaryDir dir;
    const QString broken = dir.filePath("broken.pt");
    {
      QFile f(broken);
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write("PK\x03\x04 this is not a checkpoint");
    }
    // The loaded one is not run twice; a file that does not load fills its row with the reason.
    cp->setOtherModels({tsm, sdmtest::tinyCheckpoint(), converted, broken});
    QCOMPARE(cp->otherModels().size(), 4);
    cp->setMode(ComparePanel::Mode::SolversBySteps);
    cp->setSolvers({SolverKind::Ddim});
    cp->setValues("2");
    panel()->seedSpin()->setValue(9);
    panel()->batchSpin()->setValue(2);
    QSignalSpy finished(w->compareController(), &CompareController::finished);
    QTest::mouseClick(cp->runButton(), Qt::LeftButton);
    QVERIFY(finished.wait(sdmtest::ms(120000)));
    auto* grid = cp->grid();
    QCOMPARE(grid->rowCount(), 4);
    QCOMPARE(grid->columnCount(), 1);
    QCOMPARE(grid->cellAt(3, 0).state, widgets::CompareCell::State::Failed);
    QVERIFY(!grid->cellAt(3, 0).tooltip.isEmpty());
    QVERIFY(grid->verticalHeaderItem(0)->text().startsWith("tiny_sddpm_ckpt.pt"));
    QVERIFY(grid->verticalHeaderItem(1)->text().startsWith("tiny_tsm_ckpt.pt"));
    QVERIFY(grid->verticalHeaderItem(2)->text().startsWith("tiny_converted_snn.pt"));
    const QString paths[] = {QString(), tsm, converted};
    for (int r = 0; r < 3; ++r) {
      QCOMPARE(grid->cellAt(r, 0).state, widgets::CompareCell::State::Done);
      QCOMPARE(w->compareController()->cellCheckpoint(r, 0), paths[r]);
      // Each cell equals a plain run of that checkpoint with the same settings and seed.
      const GenerateParams p = w->compareController()->cellParams(r, 0);
      QCOMPARE(p.seed, uint64_t(9));
      const GenerationResult ref = r == 0 ? reference(p) : reference(p, paths[r].toStdString());
      QCOMPARE(grid->cellAt(r, 0).image,
               widgets::composeGrid(widgets::toQImages(ref.images), 2, 1));
    }
    QVERIFY(grid->cellAt(0, 0).image != grid->cellAt(1, 0).image);
    const auto prov = w->compareController()->provenance();
    QVERIFY(prov["cells"][1]["provenance"].dump().find("tiny_tsm_ckpt.pt") != std::string::npos);
    QVERIFY(w->compareController()->labelledGrid().title.startsWith("Model comparison"));

    // A click on the TSM row opens the TSM checkpoint, then loads the cell's settings.
    QSignalSpy loaded(w->compareController(), &CompareController::cellLoaded);
    panel()->stepsSpin()->setValue(7);
    QTest::mouseClick(grid->viewport(), Qt::LeftButton, {},
                      grid->visualItemRect(grid->item(1, 0)).center());
    QVERIFY(loaded.wait(sdmtest::ms(60000)));
    QVERIFY(QString::fromStdString(w->modelController()->info().path).endsWith("tiny_tsm_ckpt.pt"));
    QCOMPARE(panel()->stepsSpin()->value(), 2);
    QCOMPARE(panel()->seedSpin()->value(), 9);

    // Equal energy is measured on the loaded model only: refused with other models.
    cp->setMode(ComparePanel::Mode::EqualEnergy);
    cp->setValues("1");
    w->compareController()->run();
    QVERIFY(!w->compareController()->isRunning());
    cp->setMode(ComparePanel::Mode::SolversBySteps);
    cp->setOtherModels({});
    QVERIFY(sdmtest::loadModel(*w, sdmtest::tinyCheckpoint()));
  }

  void exportsCarryTheirParameters() {
    setSolver("ddim");
    panel()->stepsSpin()->setValue(4);
    QVERIFY(sdmtest::generateAndWait(*w));
    QTemporaryDir dir;
    ExportController* ex = w->exportController();
    auto parametersOf = [](const QString& path) {
      std::map<std::string, std::string> text;
      io::readPng(path.toStdString(), &text);
      return QJsonDocument::fromJson(QByteArray::fromStdString(text["parameters"])).object();
    };
    const QString grid = dir.filePath("grid.png");
    QCOMPARE(ex->exportGridTo(grid), QString());
    QCOMPARE(parametersOf(grid)["sampler"].toObject()["solver"].toString(), QStringLiteral("ddim"));
    QCOMPARE(ex->exportTrajectoryTo(dir.filePath("xt.png"), dir.filePath("x0.png")), QString());
    QVERIFY(!parametersOf(dir.filePath("x0.png")).isEmpty());
    QCOMPARE(ex->exportComparisonTo(dir.filePath("cmp.png")), QString());
    QVERIFY(parametersOf(dir.filePath("cmp.png")).contains("cells"));
    QCOMPARE(ex->exportSpikesJsonTo(dir.filePath("s.json")), QString());
    QFile json(dir.filePath("s.json"));
    QVERIFY(json.open(QIODevice::ReadOnly));
    const QJsonObject spikes = QJsonDocument::fromJson(json.readAll()).object();
    QCOMPARE(spikes["format"].toString(), QStringLiteral("sdm-spikes/1"));
    QCOMPARE(ex->exportSpikesCsvTo(dir.filePath("r.csv")), QString());
    QVERIFY(QFileInfo(dir.filePath("r.csv")).size() > 100);
    for (auto plot : {ExportController::Plot::Raster, ExportController::Plot::Heatmap,
                      ExportController::Plot::Membrane})
      for (const char* ext : {"png", "pdf"}) {
        const QString path = dir.filePath(QString("plot%1.%2").arg(int(plot)).arg(ext));
        QCOMPARE(ex->exportPlotTo(plot, path), QString());
        QVERIFY(QFileInfo(path).size() > 1000);
      }
  }

  void dropALoadsTheCheckpoint() {
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(sdmtest::tinyCheckpoint())});
    QVERIFY(ModelController::canOpen(&mime));
    QSignalSpy changed(w->modelController(), &ModelController::modelChanged);
    QDragEnterEvent enter(QPoint(100, 100), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(w.get(), &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(100, 100), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(w.get(), &drop);
    QVERIFY(drop.isAccepted());
    QVERIFY(changed.wait(sdmtest::ms(30000)));
    QVERIFY(w->modelController()->recentFiles().first().endsWith("tiny_sddpm_ckpt.pt"));
  }

  void snnTimeStepsReloadTheModel() {
    QSignalSpy changed(w->modelController(), &ModelController::modelChanged);
    w->modelPanel()->snnStepsSpin()->setValue(2);
    QVERIFY(changed.wait(sdmtest::ms(30000)));
    QCOMPARE(w->modelController()->info().config.snnSteps, 2);
    const auto result = sdmtest::generateAndWait(*w);
    QVERIFY(result && result->spikes);
    QCOMPARE(result->spikes->layout->snnSteps, 2);
    w->spikesPage()->setCurrentStep(0);
    QVERIFY(!w->spikesPage()->raster()->stepPoints(0).isEmpty());
    for (const QPointF& p : w->spikesPage()->raster()->stepPoints(0)) QVERIFY(p.x() < 2);
  }

  void convertedAnn2SnnModelGenerates() {
    // SDM's ANN2SNN converted S_UNet (written by the original conversion script).
    const QString converted = QString(SDM_TEST_DATA) + "/ann2snn/tiny_converted_snn.pt";
    QVERIFY(sdmtest::loadModel(*w, converted));
    const auto* info = w->modelPanel()->infoView();
    QVERIFY2(info->value("architecture").contains("S_UNet (ANN2SNN, 2-bit"),
             qPrintable(info->value("architecture")));
    QVERIFY(info->value("snn").startsWith("3"));  // 2^bit - 1
    QVERIFY(w->modelPanel()->snnStepsSpin()->isEnabled());
    QVERIFY(!w->modelPanel()->thresholdSlider()->isEnabled());  // thresholds are act_alpha
    QCOMPARE(w->modelPanel()->threshold(), 1.0f);
    // A converted SNN runs in the precision modes too (the studio's default is int8).
    QVERIFY(panel()->precisionCombo()->isEnabled());
    const Precision chosen = w->generateSettings()->choices().precision;
    QCOMPARE(w->generateSettings()->params().precision, chosen);
    setSolver("ddim");
    panel()->stepsSpin()->setValue(3);
    panel()->batchSpin()->setValue(2);
    auto result = sdmtest::generateAndWait(*w);
    QVERIFY(result);
    QCOMPARE(int(result->images.size()), 2);
    QCOMPARE(result->images[0].width, 16);
    QCOMPARE(result->images[0].channels, 3);
    QCOMPARE(result->provenance["model"]["spike_time"].get<int>(), 3);
    QCOMPARE(result->provenance["precision"].get<std::string>(), std::string(toString(chosen)));
    // Its IF layers in the Spikes view (time embedding, 3 per ResBlock, tail) and an energy.
    QVERIFY(result->spikes);
    QCOMPARE(result->spikes->layout->layers.size(), std::size_t(26));
    QCOMPARE(result->spikes->layout->layers.front().name,
             std::string("time_embedding.timembedding.2"));
    QCOMPARE(result->spikes->layout->snnSteps, 3);
    QVERIFY(result->energy && result->energy->sops > 0);
    w->spikesPage()->setCurrentStep(0);
    QVERIFY(!w->spikesPage()->raster()->stepPoints(0).isEmpty());
    for (const QPointF& p : w->spikesPage()->raster()->stepPoints(0)) QVERIFY(p.x() < 3);
    // The SNN-steps control runs the converted model for another T.
    QSignalSpy changed(w->modelController(), &ModelController::modelChanged);
    w->modelPanel()->snnStepsSpin()->setValue(7);
    QVERIFY(changed.wait(sdmtest::ms(30000)));
    QVERIFY(w->modelController()->info().summary.find("SNN T=7") != std::string::npos);
    result = sdmtest::generateAndWait(*w);
    QVERIFY(result);
    QCOMPARE(result->provenance["model"]["spike_time"].get<int>(), 7);
    QVERIFY(result->spikes && result->spikes->layout->snnSteps == 7);
    // The quantized ANN it came from opens too, as an ANN: no spikes, and none pretended.
    QVERIFY(sdmtest::loadModel(*w, QString(SDM_TEST_DATA) + "/ann2snn/tiny_ann_ckpt.pt"));
    QVERIFY(info->value("snn").startsWith("none"));
    QVERIFY(!w->modelPanel()->snnStepsSpin()->isEnabled());
    QVERIFY(!panel()->precisionCombo()->isEnabled());  // an ANN runs exact
    QCOMPARE(w->generateSettings()->params().precision, Precision::Exact);
    result = sdmtest::generateAndWait(*w);
    QVERIFY(result && !result->spikes);
    QCOMPARE(result->provenance["precision"].get<std::string>(), std::string("exact"));
    // Converting it is a job; the converted SNN opens when it is done.
    QVERIFY(w->jobsController()->convertAction()->isEnabled());
    QTemporaryDir dir;
    const QString out = dir.filePath("converted_snn.pt");
    QSignalSpy opened(w->modelController(), &ModelController::modelChanged);
    const quint64 job = w->jobsController()->convertLoaded(out);
    QVERIFY(job != 0);
    QVERIFY(opened.wait(sdmtest::ms(60000)));
    QCOMPARE(w->modelController()->info().path, out.toStdString());
    QVERIFY(info->value("architecture").contains("S_UNet (ANN2SNN, 2-bit"));
    QVERIFY(!w->jobsController()->convertAction()->isEnabled());  // already converted
    // Fine-tuning it starts from the pair this conversion made.
    const sdm::SnnFinetuneJob tune = w->jobsController()->snnFinetuneDefaults();
    QCOMPARE(tune.config.snnCheckpoint, out.toStdString());
    QCOMPARE(tune.config.annCheckpoint, std::string(SDM_TEST_DATA) + "/ann2snn/tiny_ann_ckpt.pt");
    w->jobsController()->selectJob(job);
    const QString text = w->jobsView()->resultLabel()->text();
    QVERIFY2(text.contains("Conversion check") && text.contains("t = 999"), qPrintable(text));
    QVERIFY(sdmtest::generateAndWait(*w));
    QVERIFY(sdmtest::loadModel(*w, sdmtest::tinyCheckpoint()));
    QVERIFY(w->modelPanel()->thresholdSlider()->isEnabled());
    QVERIFY(panel()->precisionCombo()->isEnabled());
    panel()->batchSpin()->setValue(4);
  }

  // The command line (and the demo's model card, applied through it at every start) names a
  // solver: it runs on that solver's own grid, not on one saved from another solver.
  void commandLineSolverTakesItsOwnGrid() {
    setSolver("dpm-solver");
    panel()->gridCombo()->setCurrentIndex(panel()->gridCombo()->findData("logSNR"));
    QVERIFY(w->generateSettings()->params().solver.skip == TimeGrid::LogSnr);
    StudioOptions o;
    o.solver = QStringLiteral("ddim");
    o.steps = 50;
    applyCommandLine(w.get(), o);
    const GenerateParams p = w->generateSettings()->params();
    QCOMPARE(p.solver.kind, SolverKind::Ddim);
    QVERIFY(p.solver.skip == TimeGrid::Uniform);
    QCOMPARE(panel()->gridCombo()->currentData().toString(), QStringLiteral("uniform"));
    QCOMPARE(Engine::evaluationsFor(p.solver, 1000), 50);
  }

  void cleanupTestCase() { w.reset(); }
};

QTEST_MAIN(TestStudio)
#include "test_studio.moc"
