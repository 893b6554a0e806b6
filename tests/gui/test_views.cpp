// The widgets on their own, with hand-made data: they must draw exactly what they are given.
#include <qcustomplot.h>

#include <QSignalSpy>
#include <QSlider>
#include <QStandardItemModel>
#include <QTest>

#include "compare_grid_view.h"
#include "energy_view.h"
#include "image_convert.h"
#include "image_grid_view.h"
#include "job_list_model.h"
#include "labelled_grid.h"
#include "layer_picker.h"
#include "log_view.h"
#include "loss_plot.h"
#include "membrane_view.h"
#include "model/topology.h"
#include "rate_heatmap_view.h"
#include "spike_raster_view.h"
#include "spikes_page.h"
#include "trajectory_view.h"

using namespace sdm;
using namespace sdm::widgets;

namespace {

io::Image8 gradient(int w, int h, int channels, int seed) {
  io::Image8 im;
  im.width = w;
  im.height = h;
  im.channels = channels;
  im.pixels.resize(std::size_t(w) * h * channels);
  for (std::size_t i = 0; i < im.pixels.size(); ++i)
    im.pixels[i] = static_cast<uint8_t>((i * 7 + seed * 31) % 256);
  return im;
}

QRgb pixelOf(const io::Image8& im, int x, int y) {
  const std::size_t at = (std::size_t(y) * im.width + x) * im.channels;
  if (im.channels == 1) return qRgb(im.pixels[at], im.pixels[at], im.pixels[at]);
  return qRgb(im.pixels[at], im.pixels[at + 1], im.pixels[at + 2]);
}

ModelConfig tinyConfig() {
  ModelConfig c;
  c.ch = 32;
  c.chMult = {1, 2, 2};
  c.numResBlocks = 1;
  c.imgCh = 1;
  return c;
}

// A run with a known raster: layer l, evaluation e, SNN step t fires sample positions {e+l+t,
// 2(e+t)}.
std::vector<std::shared_ptr<const EvalRecord>> syntheticRun(const RecordLayout& layout,
                                                            int evaluations) {
  std::vector<std::shared_ptr<const EvalRecord>> out;
  for (int e = 0; e < evaluations; ++e) {
    auto rec = std::make_shared<EvalRecord>();
    rec->evaluation = e;
    for (std::size_t l = 0; l < layout.layers.size(); ++l) {
      LayerEval le;
      le.neurons = layout.layers[l].neurons();
      le.images = 1;
      le.spikesPerStep.assign(std::size_t(layout.snnSteps), 0);
      le.traces.resize(1);
      le.traces[0].raster.assign(std::size_t(layout.snnSteps), {});
      for (int t = 0; t < layout.snnSteps; ++t) {
        le.traces[0].raster[std::size_t(t)] = {uint16_t(e + int(l) + t),
                                               uint16_t(100 + 2 * (e + t))};
        le.spikesPerStep[std::size_t(t)] = 10 * (e + 1) + int64_t(l);
      }
      le.traces[0].membrane = {{0.2f, 0.7f + 0.1f * e, 1.1f, 0.0f}};
      rec->layers.push_back(le);
    }
    out.push_back(rec);
  }
  return out;
}

}  // namespace

class TestViews : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void imageConversionKeepsEveryByte() {
    for (int channels : {1, 3}) {
      const io::Image8 im = gradient(5, 4, channels, channels);
      const QImage q = toQImage(im);
      QCOMPARE(q.size(), QSize(5, 4));
      for (int y = 0; y < 4; ++y)
        for (int x = 0; x < 5; ++x) QCOMPARE(q.pixel(x, y), pixelOf(im, x, y));
      const io::Image8 back = toImage8(q);
      for (int y = 0; y < 4; ++y)
        for (int x = 0; x < 5; ++x) QCOMPARE(pixelOf(back, x, y), pixelOf(im, x, y));
    }
  }

  void gridDrawsEveryImagePixelExactly() {
    ImageGridView view;
    view.resize(800, 600);
    std::vector<io::Image8> images;
    for (int i = 0; i < 5; ++i) images.push_back(gradient(8, 8, i % 2 ? 3 : 1, i));
    view.setImages(toQImages(images));
    view.setZoom(3);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const QImage shot = view.canvas()->grab().toImage();
    for (int i = 0; i < 5; ++i) {
      const QRect cell = view.cellRect(i);
      QCOMPARE(cell.size(), QSize(24, 24));
      for (int y = 0; y < 8; ++y)
        for (int x = 0; x < 8; ++x)  // the centre of each zoomed pixel
          QCOMPARE(shot.pixel(cell.x() + 3 * x + 1, cell.y() + 3 * y + 1),
                   pixelOf(images[i], x, y));
    }
    view.clear();
    QVERIFY(view.images().empty());
  }

  void composeGridFollowsMakeGridLayout() {
    std::vector<QImage> images(3, QImage(4, 4, QImage::Format_RGB888));
    for (auto& im : images) im.fill(Qt::white);
    const QImage g = composeGrid(images, 2, 2);
    QCOMPARE(g.size(), QSize(2 * 6 + 2, 2 * 6 + 2));
    QCOMPARE(g.pixel(0, 0), qRgb(0, 0, 0));
    QCOMPARE(g.pixel(2, 2), qRgb(255, 255, 255));
    QCOMPARE(g.pixel(8, 8), qRgb(0, 0, 0));  // the empty fourth cell
  }

  void rasterHasADotExactlyAtEverySpikeOfTheRun() {
    SpikeRasterView view;
    const std::vector<std::vector<std::vector<uint16_t>>> run = {
        {{1, 5, 200}, {}, {0, 2, 7}, {255}}, {{3}, {3}, {}, {}}, {{}, {9, 10}, {}, {4}}};
    SpikeRasterView::StepRasters steps;
    for (const auto& r : run) steps.push_back(&r);
    view.setRun(1, steps, 4, 256, 32768, QStringLiteral("downblocks.0.neuron1"));
    QVector<QPointF> expected;  // global SNN time k * T + t
    for (std::size_t k = 0; k < run.size(); ++k)
      for (std::size_t t = 0; t < run[k].size(); ++t)
        for (uint16_t n : run[k][t]) expected.push_back(QPointF(double(k * 4 + t), double(n)));
    QCOMPARE(view.points(), expected);
    QCOMPARE(view.spikeCount(), 12);
    QCOMPARE(view.stepCount(), 3);
    QCOMPARE(view.stepPoints(1), (QVector<QPointF>{{0, 3}, {1, 3}}));
    QCOMPARE(view.stepPoints(2), (QVector<QPointF>{{1, 9}, {1, 10}, {3, 4}}));
    // The whole run is shown; "One diffusion step" is the same plot zoomed to the current step.
    QCOMPARE(view.plot()->xAxis->range(), QCPRange(-0.5, 11.5));
    view.setCurrentStep(1);
    view.setSpan(SpikeRasterView::Span::OneStep);
    QCOMPARE(view.plot()->xAxis->range(), QCPRange(3.5, 7.5));
    view.setCurrentStep(2);
    QCOMPARE(view.plot()->xAxis->range(), QCPRange(7.5, 11.5));
    // Zoom and pan stay inside the run.
    view.plot()->xAxis->setRange(-50, 3);
    QCOMPARE(view.plot()->xAxis->range().lower, -0.5);
    view.plot()->xAxis->setRange(-100, 100);
    QCOMPARE(view.plot()->xAxis->range(), QCPRange(-0.5, 11.5));
    view.fitWholeRun();
    QCOMPARE(view.span(), SpikeRasterView::Span::WholeRun);
    // A live run grows step by step to the same dots as the finished one.
    SpikeRasterView live;
    for (std::size_t n = 1; n <= run.size(); ++n)
      live.setRun(7, SpikeRasterView::StepRasters(steps.begin(), steps.begin() + long(n)), 4, 256,
                  32768, QStringLiteral("x"));
    QCOMPARE(live.points(), expected);
    QCOMPARE(live.plot()->xAxis->range(), QCPRange(-0.5, 11.5));  // still the whole run
    // Another key (layer, image, neurons) replaces the dots.
    live.setRun(8, {steps[1]}, 4, 256, 32768, QStringLiteral("x"));
    QCOMPARE(live.points(), (QVector<QPointF>{{0, 3}, {1, 3}}));
    view.clear();
    QCOMPARE(view.spikeCount(), 0);
  }

  void heatmapHasOneColumnPerDiffusionStep() {
    RateHeatmapView view;
    view.setLayers({"a", "b", "c"});
    std::vector<std::vector<double>> rates(3, std::vector<double>(7));
    for (int l = 0; l < 3; ++l)
      for (int e = 0; e < 7; ++e) rates[l][e] = 0.01 * (l + 1) * (e + 1);
    view.setRates(rates);
    QCOMPARE(view.columns(), 7);
    QCOMPARE(view.rows(), 3);
    for (int l = 0; l < 3; ++l)
      for (int e = 0; e < 7; ++e) QCOMPARE(view.cell(e, l), rates[l][e]);
    std::vector<std::vector<double>> one(3, std::vector<double>(1, 0.5));
    view.setRates(one, 20);  // a run that has just begun
    QCOMPARE(view.columns(), 1);
    view.clear();
    QCOMPARE(view.columns(), 0);
  }

  // The layer names stay on the axis at every height: all when they fit, else every n-th.
  void heatmapNamesItsLayersAtAnyHeight() {
    QStringList names;
    for (int l = 0; l < 27; ++l) names << QStringLiteral("upblocks.%1.neuron1").arg(l);
    for (int height : {260, 500, 900}) {
      RateHeatmapView view;
      view.resize(600, height);
      view.show();
      QVERIFY(QTest::qWaitForWindowExposed(&view));
      view.setLayers(names);
      view.setRates(std::vector<std::vector<double>>(27, std::vector<double>(5, 0.2)));
      view.plot()->replot(QCustomPlot::rpImmediateRefresh);
      const QVector<QString> labels = view.plot()->yAxis->tickVectorLabels();
      int named = 0;
      for (const QString& l : labels) named += names.contains(l);
      QVERIFY2(named >= std::min(27, height / 40),
               qPrintable(QString("%1 layer names at height %2").arg(named).arg(height)));
    }
  }

  void membraneShowsTracesAndThreshold() {
    MembraneView view;
    view.setTraces({{0.1f, 0.5f, 1.2f, 0.0f}, {0.3f, 0.6f, 0.9f, 1.0f}}, 1.0f, {"n0", "n1"});
    QCOMPARE(view.traceCount(), 2);
    QCOMPARE(view.thresholdValue(), 1.0);
    const auto v = view.traceValues(0);
    QCOMPARE(int(v.size()), 4);
    QCOMPARE(v[2], double(1.2f));
    view.setTraces({{0.1f}}, 0.8f, {});
    QCOMPARE(view.traceCount(), 1);
    QCOMPARE(view.thresholdValue(), double(0.8f));
  }

  void layerPickerGroupsByUNetPosition() {
    LayerPicker picker;
    const auto layers = neuronLayers(tinyConfig());
    picker.setLayers(layers);
    QCOMPARE(picker.layerCount(), int(layers.size()));
    const QStringList groups = picker.groupTitles();
    QVERIFY(groups.first().startsWith("Stem"));
    QVERIFY(groups.filter("Down path").size() >= 2);
    QVERIFY(groups.filter("Middle").size() == 1);
    QVERIFY(groups.filter("Up path").size() >= 2);
    QCOMPARE(picker.currentLayer(), 0);
    auto* model = qobject_cast<QStandardItemModel*>(picker.model());
    QVERIFY(!(model->item(0)->flags() & Qt::ItemIsSelectable));  // a header
    QSignalSpy spy(&picker, &LayerPicker::layerChanged);
    picker.setCurrentLayer(5);
    QCOMPARE(picker.currentLayer(), 5);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.first().first().toInt(), 5);
    QCOMPARE(QString::fromStdString(layers[5].name),
             picker.currentText().trimmed().section(' ', 0, 0));
  }

  void spikesPageScrubsEveryView() {
    SpikesPage page;
    const ModelConfig config = tinyConfig();
    page.setModel(config, neuronLayers(config));
    auto layout = std::make_shared<const RecordLayout>(makeRecordLayout(config, {}));
    page.beginRun(layout, 2, 6);
    const auto run = syntheticRun(*layout, 6);
    page.appendEvaluations({run.begin(), run.begin() + 4}, {999, 800, 600, 400});
    QCOMPARE(page.heatmap()->columns(), 4);
    page.appendEvaluations({run.begin() + 4, run.end()}, {200, 0});
    QCOMPARE(page.heatmap()->columns(), 6);
    QCOMPARE(page.heatmap()->rows(), int(layout->layers.size()));
    for (int step : {0, 3, 5})
      for (int layer : {0, 7, 20}) {
        page.setCurrentLayer(layer);
        page.setCurrentStep(step);
        QVector<QPointF> expected;
        const auto& raster = run[std::size_t(step)]->layers[std::size_t(layer)].trace().raster;
        for (std::size_t t = 0; t < raster.size(); ++t)
          for (uint16_t n : raster[t]) expected.push_back(QPointF(double(t), double(n)));
        QCOMPARE(page.raster()->stepPoints(step), expected);
        QCOMPARE(page.membrane()->traceCount(), 1);
        QCOMPARE(page.membrane()->traceValues(0)[1], double(0.7f + 0.1f * step));
        QCOMPARE(page.heatmap()->cell(step, layer),
                 run[std::size_t(step)]->layers[std::size_t(layer)].rate());
        QVERIFY(page.energy()->cellText(0, 0).contains("J"));
        QCOMPARE(page.stepSlider()->value(), step);
      }
    QSignalSpy spy(&page, &SpikesPage::currentStepChanged);
    page.stepSlider()->setValue(2);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(page.currentStep(), 2);
  }

  void trajectoryKeepsEveryStepForScrubbing() {
    TrajectoryView view;
    std::vector<TrajectoryFrame> frames;
    for (int k = 0; k < 5; ++k) {
      QImage im(4, 4, QImage::Format_Grayscale8);
      im.fill(k * 40);
      frames.push_back({k, 999.0 - 200 * k, {im}, {im}});
    }
    view.setTotalSteps(5);
    view.appendFrames({frames.begin(), frames.begin() + 2});
    view.appendFrames({frames.begin() + 2, frames.end()});
    QCOMPARE(view.frameCount(), 5);
    QSignalSpy spy(&view, &TrajectoryView::currentStepChanged);
    view.slider()->setValue(3);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(view.currentStep(), 3);
    QCOMPARE(view.frame(3)->xt.front().pixelColor(0, 0).red(), 120);
  }

  void energyViewShowsRunAndBaseline() {
    EnergyView view;
    EnergyEstimate e;
    e.picojoules = 2e6;
    e.annPicojoules = 8e6;
    e.sops = 1e6;
    view.setEstimates(e, e, 10, 4);
    QCOMPARE(view.cellText(0, 0), QStringLiteral("2 µJ"));
    QCOMPARE(view.cellText(1, 0), QStringLiteral("20 µJ"));
    QCOMPARE(view.cellText(2, 1), QStringLiteral("320 µJ"));
    QCOMPARE(view.cellText(2, 2), QStringLiteral("0.250"));
  }

  void labelledGridHasLegendAndCells() {
    LabelledGrid g;
    g.title = "Solver comparison";
    g.rowLabels = {"DDIM", "DPM-Solver"};
    g.columnLabels = {"5 steps", "10 steps"};
    QImage cell(16, 16, QImage::Format_RGB888);
    cell.fill(Qt::red);
    g.cells = {{cell, cell}, {cell, QImage()}};
    g.captions = {{"NFE 5", "NFE 10"}, {"NFE 5", "skipped"}};
    const QImage out = renderLabelledGrid(g, 3);
    QVERIFY(out.width() > 2 * 48 + 60);
    int red = 0;
    for (int y = 0; y < out.height(); ++y)
      for (int x = 0; x < out.width(); ++x) red += out.pixel(x, y) == qRgb(255, 0, 0);
    QCOMPARE(red, 3 * 48 * 48);  // three cells, scaled 3x
  }

  void compareGridReportsClicks() {
    CompareGridView view;
    view.setAxes({"DDIM"}, {"5 steps", "10 steps"});
    CompareCell c;
    c.state = CompareCell::State::Done;
    c.caption = "NFE 5 · 0.10 s";
    c.image = QImage(8, 8, QImage::Format_RGB888);
    view.setCell(0, 1, c);
    QCOMPARE(view.cellAt(0, 1).caption, c.caption);
    QSignalSpy spy(&view, &CompareGridView::cellChosen);
    view.resize(600, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const QRect r = view.visualItemRect(view.item(0, 1));
    QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, r.center());
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.first().at(1).toInt(), 1);
  }

  // Losses in blocks of their own scale: each block is smoothed on its own, the axis turns
  // logarithmic, and clearing the plot forgets the blocks.
  void lossPlotSmoothsEachSegmentOnItsOwn() {
    LossPlot plot;
    plot.setSmoothing(0.9);
    plot.setPoints({1, 2, 3, 4, 5, 6}, {1.0, 1.0, 1.0, 100.0, 100.0, 100.0});
    QVERIFY(!plot.logScale());
    QVERIFY(plot.smoothedLosses()[3] < 50);  // one curve: the jump is smoothed over
    plot.setSegments({{1.0, "head"}, {4.0, "downblocks.0"}});
    QVERIFY(plot.logScale());
    const QVector<double> s = plot.smoothedLosses();
    QCOMPARE(s.size(), 6);
    for (int i = 0; i < 3; ++i) QCOMPARE(s[i], 1.0);
    for (int i = 3; i < 6; ++i) QCOMPARE(s[i], 100.0);  // the debiased EMA restarts at step 4
    QCOMPARE(plot.plot()->itemCount(), 4);              // a line and a name per segment
    QCOMPARE(plot.plot()->yAxis->scaleType(), QCPAxis::stLogarithmic);
    plot.clear();
    QVERIFY(plot.segments().isEmpty());
    QVERIFY(!plot.logScale());
    QCOMPARE(plot.plot()->itemCount(), 0);
  }

  void logAndJobs() {
    LogView log;
    log.appendMessage(2, "loaded something");
    log.appendMessage(0, "trace noise");  // below the default filter
    QCOMPARE(log.lineCount(), 1);
    QVERIFY(log.text().contains("loaded something"));
    JobListModel jobs;
    JobEntry j;
    j.title = "DDIM";
    j.id = jobs.add(j);
    QVERIFY(j.id != 0);
    QVERIFY(jobs.add(j) != j.id);  // the list hands out its own ids
    jobs.remove(j.id + 1);
    j.state = JobEntry::State::Done;
    jobs.update(j);
    JobEntry unknown = j;
    unknown.id = 99;
    jobs.update(unknown);  // not in the list: ignored
    QCOMPARE(jobs.rowCount(), 1);
    QCOMPARE(jobs.data(jobs.index(0, JobListModel::State), Qt::DisplayRole).toString(),
             QStringLiteral("done"));
  }
};

QTEST_MAIN(TestViews)
#include "test_views.moc"
