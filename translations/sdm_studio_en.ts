<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ConversionController</name>
    <message>
        <source>EMA</source>
        <translation>EMA</translation>
    </message>
    <message>
        <source>raw</source>
        <translation>raw</translation>
    </message>
</context>
<context>
    <name>JobDialogs</name>
    <message>
        <source>Browse…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>Choose a folder</source>
        <translation>Choose a folder</translation>
    </message>
    <message>
        <source>Choose a checkpoint</source>
        <translation>Choose a checkpoint</translation>
    </message>
    <message>
        <source>Checkpoints (*.pt)</source>
        <translation>Checkpoints (*.pt)</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Start</translation>
    </message>
</context>
<context>
    <name>JobPresenter</name>
    <message>
        <source> · ETA %1</source>
        <translation> · ETA %1</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>model</source>
        <translation>model</translation>
    </message>
    <message>
        <source>solver</source>
        <translation>solver</translation>
    </message>
    <message>
        <source>diffusion steps</source>
        <translation>diffusion steps</translation>
    </message>
    <message>
        <source>IF threshold θ</source>
        <translation>IF threshold θ</translation>
    </message>
    <message>
        <source>precision</source>
        <translation>precision</translation>
    </message>
</context>
<context>
    <name>RequestText</name>
    <message>
        <source>DDPM strided</source>
        <translation>DDPM strided</translation>
    </message>
    <message numerus="yes">
        <source>%n step(s)</source>
        <translation>
            <numerusform>%n step</numerusform>
            <numerusform>%n steps</numerusform>
        </translation>
    </message>
    <message>
        <source>order %1, %2</source>
        <translation>order %1, %2</translation>
    </message>
    <message>
        <source>seed %1</source>
        <translation>seed %1</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s)</source>
        <translation>
            <numerusform>%n image</numerusform>
            <numerusform>%n images</numerusform>
        </translation>
    </message>
    <message>
        <source>ε re-derived</source>
        <translation>ε re-derived</translation>
    </message>
</context>
<context>
    <name>sdm::studio::CompareController</name>
    <message>
        <source>Open a checkpoint first.</source>
        <translation>Open a checkpoint first.</translation>
    </message>
    <message>
        <source>Choose at least one solver and one value.</source>
        <translation>Choose at least one solver and one value.</translation>
    </message>
    <message>
        <source>NFE %1</source>
        <translation>NFE %1</translation>
    </message>
    <message numerus="yes">
        <source>%n step(s)</source>
        <translation>
            <numerusform>%n step</numerusform>
            <numerusform>%n steps</numerusform>
        </translation>
    </message>
    <message>
        <source>DDPM always makes %1 network evaluations</source>
        <translation>DDPM always makes %1 network evaluations</translation>
    </message>
    <message>
        <source>no step count gives exactly %1 network evaluations</source>
        <translation>no step count gives exactly %1 network evaluations</translation>
    </message>
    <message>
        <source>Nothing to run.</source>
        <translation>Nothing to run.</translation>
    </message>
    <message numerus="yes">
        <source>Running %n cell(s) from seed %1…</source>
        <translation>
            <numerusform>Running %n cell from seed %1…</numerusform>
            <numerusform>Running %n cells from seed %1…</numerusform>
        </translation>
    </message>
    <message>
        <source>compare</source>
        <translation>compare</translation>
    </message>
    <message>
        <source>%1 × %2 · seed %3</source>
        <translation>%1 × %2 · seed %3</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <source>no spike record</source>
        <translation>no spike record</translation>
    </message>
    <message>
        <source>%1 per image</source>
        <translation>%1 per image</translation>
    </message>
    <message>
        <source>NFE %1 · %2 s
%3</source>
        <translation>NFE %1 · %2 s
%3</translation>
    </message>
    <message>
        <source>Click to load these settings into Generate</source>
        <translation>Click to load these settings into Generate</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>cancelled</translation>
    </message>
    <message>
        <source>Cancelled: %1 of %2 cells done.</source>
        <translation>Cancelled: %1 of %2 cells done.</translation>
    </message>
    <message>
        <source>Done. Click a cell to load its settings into Generate.</source>
        <translation>Done. Click a cell to load its settings into Generate.</translation>
    </message>
    <message>
        <source>%1 of %2 cells</source>
        <translation>%1 of %2 cells</translation>
    </message>
    <message>
        <source>Loaded into Generate: %1</source>
        <translation>Loaded into Generate: %1</translation>
    </message>
    <message numerus="yes">
        <source>Solver comparison · seed %1 · θ %2 · %n image(s) per cell</source>
        <translation>
            <numerusform>Solver comparison · seed %1 · θ %2 · %n image per cell</numerusform>
            <numerusform>Solver comparison · seed %1 · θ %2 · %n images per cell</numerusform>
        </translation>
    </message>
    <message>
        <source>NFE %1 · %2 s</source>
        <translation>NFE %1 · %2 s</translation>
    </message>
    <message>
        <source>Equal energy needs this model&apos;s energy per network evaluation at this threshold: run Generate once (spike recording on), then compare.</source>
        <translation>Equal energy needs this model&apos;s energy per network evaluation at this threshold: run Generate once (spike recording on), then compare.</translation>
    </message>
    <message>
        <source>%1 mJ</source>
        <translation>%1 mJ</translation>
    </message>
    <message>
        <source>%1 mJ pays for %2 network evaluation(s) of %3</source>
        <translation>%1 mJ pays for %2 network evaluation(s) of %3</translation>
    </message>
    <message>
        <source>Energy per evaluation: %1 (measured by the last generation).</source>
        <translation>Energy per evaluation: %1 (measured by the last generation).</translation>
    </message>
    <message>
        <source>Equal energy uses the loaded model&apos;s measured energy per evaluation: compare other models by steps or NFE.</source>
        <translation>Equal energy uses the loaded model&apos;s measured energy per evaluation: compare other models by steps or NFE.</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>Opening %1…</translation>
    </message>
    <message numerus="yes">
        <source>Model comparison · seed %1 · θ %2 · %n image(s) per cell</source>
        <translation>
            <numerusform>Model comparison · seed %1 · θ %2 · %n image per cell</numerusform>
            <numerusform>Model comparison · seed %1 · θ %2 · %n images per cell</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sdm::studio::ComparePanel</name>
    <message>
        <source>Run comparison</source>
        <translation>Run comparison</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Solvers × diffusion steps</source>
        <translation>Solvers × diffusion steps</translation>
    </message>
    <message>
        <source>Equal NFE (same number of network evaluations per column)</source>
        <translation>Equal NFE (same number of network evaluations per column)</translation>
    </message>
    <message>
        <source>%v / %m cells</source>
        <translation>%v / %m cells</translation>
    </message>
    <message>
        <source>Every cell starts from the same x_T (the seed of the Generate panel). Choose solvers and step counts, then Run comparison. Click a finished cell to load its settings into Generate.</source>
        <translation>Every cell starts from the same x_T (the seed of the Generate panel). Choose solvers and step counts, then Run comparison. Click a finished cell to load its settings into Generate.</translation>
    </message>
    <message>
        <source>Solvers</source>
        <translation>Solvers</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>Columns</translation>
    </message>
    <message>
        <source>Values</source>
        <translation>Values</translation>
    </message>
    <message>
        <source>Images per cell</source>
        <translation>Images per cell</translation>
    </message>
    <message>
        <source>Equal energy (mJ per image per column, from the last generation&apos;s firing rates)</source>
        <translation>Equal energy (mJ per image per column, from the last generation&apos;s firing rates)</translation>
    </message>
    <message>
        <source>Comma-separated: diffusion steps, NFE budgets in the equal-NFE mode, or mJ per image in the equal-energy mode</source>
        <translation>Comma-separated: diffusion steps, NFE budgets in the equal-NFE mode, or mJ per image in the equal-energy mode</translation>
    </message>
    <message>
        <source>Study…</source>
        <translation>Study…</translation>
    </message>
    <message>
        <source>Score solvers × steps × thresholds × precisions offline (FD, energy per image) as a job, and plot quality against cost</source>
        <translation>Score solvers × steps × thresholds × precisions offline (FD, energy per image) as a job, and plot quality against cost</translation>
    </message>
    <message>
        <source>Add model…</source>
        <translation>Add model…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>the loaded model</source>
        <translation>the loaded model</translation>
    </message>
    <message>
        <source>Every model runs the same settings from the same x_T</source>
        <translation>Every model runs the same settings from the same x_T</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Models</translation>
    </message>
    <message>
        <source>%1 (loaded)</source>
        <translation>%1 (loaded)</translation>
    </message>
    <message>
        <source>Add models to compare</source>
        <translation>Add models to compare</translation>
    </message>
    <message>
        <source>Checkpoints (*.pt *.pth);;All files (*)</source>
        <translation>Checkpoints (*.pt *.pth);;All files (*)</translation>
    </message>
</context>
<context>
    <name>sdm::studio::ConversionController</name>
    <message>
        <source>%1 at t = %2</source>
        <translation>%1 at t = %2</translation>
    </message>
    <message>
        <source>conversion check: ε relative error %1</source>
        <translation>conversion check: ε relative error %1</translation>
    </message>
    <message>
        <source>block-wise fine-tuning of the converted SNN</source>
        <translation>block-wise fine-tuning of the converted SNN</translation>
    </message>
    <message>
        <source>%1 steps per block, %2 steps in all, lr %3</source>
        <translation>%1 steps per block, %2 steps in all, lr %3</translation>
    </message>
    <message>
        <source>Open a quantized ANN (Run ▸ New ANN training for conversion…) or a converted SNN to follow its conversion here.</source>
        <translation>Open a quantized ANN (Run ▸ New ANN training for conversion…) or a converted SNN to follow its conversion here.</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1-bit ANN → S_UNet with T = %2&lt;/b&gt; (2^bit − 1 time steps; IF thresholds are the ANN&apos;s learnt clipping values)</source>
        <translation>&lt;b&gt;%1-bit ANN → S_UNet with T = %2&lt;/b&gt; (2^bit − 1 time steps; IF thresholds are the ANN&apos;s learnt clipping values)</translation>
    </message>
    <message>
        <source>&lt;b&gt;ANN → S_UNet&lt;/b&gt;</source>
        <translation>&lt;b&gt;ANN → S_UNet&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Quantized ANN</source>
        <translation>Quantized ANN</translation>
    </message>
    <message>
        <source>%1 bits → T = %2</source>
        <translation>%1 bits → T = %2</translation>
    </message>
    <message>
        <source>Converted SNN</source>
        <translation>Converted SNN</translation>
    </message>
    <message>
        <source>IF neurons, T = %1</source>
        <translation>IF neurons, T = %1</translation>
    </message>
    <message>
        <source>Fine-tuned SNN</source>
        <translation>Fine-tuned SNN</translation>
    </message>
</context>
<context>
    <name>sdm::studio::ConvertPresenter</name>
    <message>
        <source>converting</source>
        <translation>converting</translation>
    </message>
    <message>
        <source>Paused — Resume converts again.</source>
        <translation>Paused — Resume converts again.</translation>
    </message>
    <message>
        <source>ε relative error %1 at t = %2</source>
        <translation>ε relative error %1 at t = %2</translation>
    </message>
    <message>
        <source>Wrote %1&lt;br&gt;%2: %3</source>
        <translation>Wrote %1&lt;br&gt;%2: %3</translation>
    </message>
    <message>
        <source>t = %1: %2</source>
        <translation>t = %1: %2</translation>
    </message>
    <message>
        <source>&lt;br&gt;Conversion check on %1 N(0,1) inputs: time embedding (the first spiking layer) relative error %2; ε relative error %3</source>
        <translation>&lt;br&gt;Conversion check on %1 N(0,1) inputs: time embedding (the first spiking layer) relative error %2; ε relative error %3</translation>
    </message>
</context>
<context>
    <name>sdm::studio::EvalPresenter</name>
    <message>
        <source>loading the model and the classifier</source>
        <translation>loading the model and the classifier</translation>
    </message>
    <message>
        <source>scoring %1 images</source>
        <translation>scoring %1 images</translation>
    </message>
    <message>
        <source>sampling: evaluation %1 / %2 · ETA %3</source>
        <translation>sampling: evaluation %1 / %2 · ETA %3</translation>
    </message>
    <message>
        <source>Paused — Resume evaluates from the start. %1</source>
        <translation>Paused — Resume evaluates from the start. %1</translation>
    </message>
    <message>
        <source>extractor: %1</source>
        <translation>extractor: %1</translation>
    </message>
    <message>
        <source>EMA weights</source>
        <translation>EMA weights</translation>
    </message>
    <message>
        <source>raw weights</source>
        <translation>raw weights</translation>
    </message>
    <message>
        <source>seed %1</source>
        <translation>seed %1</translation>
    </message>
    <message>
        <source>IF threshold %1</source>
        <translation>IF threshold %1</translation>
    </message>
    <message>
        <source>KID = %1 ± %2</source>
        <translation>KID = %1 ± %2</translation>
    </message>
    <message>
        <source>IS analogue = %1 ± %2 · confident (p ≥ 0.5) %3 % · class entropy %4 / %5</source>
        <translation>IS analogue = %1 ± %2 · confident (p ≥ 0.5) %3 % · class entropy %4 / %5</translation>
    </message>
    <message>
        <source>Appended to %1</source>
        <translation>Appended to %1</translation>
    </message>
</context>
<context>
    <name>sdm::studio::ExportController</name>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG images (*.png)</translation>
    </message>
    <message>
        <source>PNG image (*.png);;PDF document (*.pdf)</source>
        <translation>PNG image (*.png);;PDF document (*.pdf)</translation>
    </message>
    <message>
        <source>Image grid (PNG, torchvision layout)…</source>
        <translation>Image grid (PNG, torchvision layout)…</translation>
    </message>
    <message>
        <source>All images of the last run, 8 per row, parameters inside</source>
        <translation>All images of the last run, 8 per row, parameters inside</translation>
    </message>
    <message>
        <source>Export image grid</source>
        <translation>Export image grid</translation>
    </message>
    <message>
        <source>Trajectory strips (x_t and x_0, PNG)…</source>
        <translation>Trajectory strips (x_t and x_0, PNG)…</translation>
    </message>
    <message>
        <source>One row per image, one column per diffusion step</source>
        <translation>One row per image, one column per diffusion step</translation>
    </message>
    <message>
        <source>Export trajectory strips</source>
        <translation>Export trajectory strips</translation>
    </message>
    <message>
        <source>Labelled comparison grid (PNG)…</source>
        <translation>Labelled comparison grid (PNG)…</translation>
    </message>
    <message>
        <source>The Compare grid with a legend, every cell&apos;s parameters inside</source>
        <translation>The Compare grid with a legend, every cell&apos;s parameters inside</translation>
    </message>
    <message>
        <source>Export comparison grid</source>
        <translation>Export comparison grid</translation>
    </message>
    <message>
        <source>Spike record (JSON)…</source>
        <translation>Spike record (JSON)…</translation>
    </message>
    <message>
        <source>Per layer and step: spike counts, rasters, membrane traces</source>
        <translation>Per layer and step: spike counts, rasters, membrane traces</translation>
    </message>
    <message>
        <source>Export spike record</source>
        <translation>Export spike record</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Firing rates (CSV)…</source>
        <translation>Firing rates (CSV)…</translation>
    </message>
    <message>
        <source>One row per diffusion step and layer</source>
        <translation>One row per diffusion step and layer</translation>
    </message>
    <message>
        <source>Export firing rates</source>
        <translation>Export firing rates</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Raster plot (PNG/PDF)…</source>
        <translation>Raster plot (PNG/PDF)…</translation>
    </message>
    <message>
        <source>Export raster plot</source>
        <translation>Export raster plot</translation>
    </message>
    <message>
        <source>Firing-rate heatmap (PNG/PDF)…</source>
        <translation>Firing-rate heatmap (PNG/PDF)…</translation>
    </message>
    <message>
        <source>Export heatmap</source>
        <translation>Export heatmap</translation>
    </message>
    <message>
        <source>Membrane trace (PNG/PDF)…</source>
        <translation>Membrane trace (PNG/PDF)…</translation>
    </message>
    <message>
        <source>Export membrane trace</source>
        <translation>Export membrane trace</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export failed</translation>
    </message>
    <message>
        <source>Nothing to export yet: generate first.</source>
        <translation>Nothing to export yet: generate first.</translation>
    </message>
    <message>
        <source>Nothing to export yet: run a comparison first.</source>
        <translation>Nothing to export yet: run a comparison first.</translation>
    </message>
    <message>
        <source>Nothing to export yet: generate with spike recording first.</source>
        <translation>Nothing to export yet: generate with spike recording first.</translation>
    </message>
    <message>
        <source>Could not write %1</source>
        <translation>Could not write %1</translation>
    </message>
    <message>
        <source>Every PNG carries the generation parameters (checkpoint hash, solver, seeds, threshold) as PNG text, so an image can always be reproduced.</source>
        <translation>Every PNG carries the generation parameters (checkpoint hash, solver, seeds, threshold) as PNG text, so an image can always be reproduced.</translation>
    </message>
</context>
<context>
    <name>sdm::studio::GammaDialog</name>
    <message>
        <source>Make Gamma file</source>
        <translation>Make Gamma file</translation>
    </message>
    <message>
        <source>Analytic-DPM needs Gamma_t = E‖ε(x_t, t)‖² / d at the %1 timesteps of the Generate panel&apos;s grid, estimated over training images. A cancelled job keeps the finished timesteps; Resume completes the file.</source>
        <translation>Analytic-DPM needs Gamma_t = E‖ε(x_t, t)‖² / d at the %1 timesteps of the Generate panel&apos;s grid, estimated over training images. A cancelled job keeps the finished timesteps; Resume completes the file.</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>Gamma file</source>
        <translation>Gamma file</translation>
    </message>
    <message>
        <source>Gamma files (*.pt *.pth);;All files (*)</source>
        <translation>Gamma files (*.pt *.pth);;All files (*)</translation>
    </message>
    <message>
        <source>Output file</source>
        <translation>Output file</translation>
    </message>
    <message>
        <source>Training images per timestep (Analytic-DPM uses a few thousand)</source>
        <translation>Training images per timestep (Analytic-DPM uses a few thousand)</translation>
    </message>
    <message>
        <source>Samples per timestep</source>
        <translation>Samples per timestep</translation>
    </message>
</context>
<context>
    <name>sdm::studio::GammaPresenter</name>
    <message>
        <source>loading the model and the training images</source>
        <translation>loading the model and the training images</translation>
    </message>
    <message>
        <source>timestep %1 / %2 · elapsed %3</source>
        <translation>timestep %1 / %2 · elapsed %3</translation>
    </message>
    <message>
        <source>Paused — resume to complete the Gamma file. %1</source>
        <translation>Paused — resume to complete the Gamma file. %1</translation>
    </message>
    <message>
        <source>Cancelled after %1 of %2 timesteps; the file keeps them and Resume completes it.</source>
        <translation>Cancelled after %1 of %2 timesteps; the file keeps them and Resume completes it.</translation>
    </message>
    <message>
        <source>%1 / %2 timesteps</source>
        <translation>%1 / %2 timesteps</translation>
    </message>
    <message>
        <source>Gamma file %1 — set as the Generate panel&apos;s Gamma file for analytic-dpm.</source>
        <translation>Gamma file %1 — set as the Generate panel&apos;s Gamma file for analytic-dpm.</translation>
    </message>
</context>
<context>
    <name>sdm::studio::GenerateController</name>
    <message>
        <source>No model loaded.

Open a checkpoint with File ▸ Open checkpoint… (Ctrl+O), drag a .pt file onto this window, or start the studio with --checkpoint FILE.</source>
        <translation>No model loaded.

Open a checkpoint with File ▸ Open checkpoint… (Ctrl+O), drag a .pt file onto this window, or start the studio with --checkpoint FILE.</translation>
    </message>
    <message>
        <source>Open a checkpoint first.</source>
        <translation>Open a checkpoint first.</translation>
    </message>
    <message>
        <source>replaced by a newer request</source>
        <translation>replaced by a newer request</translation>
    </message>
    <message>
        <source>Generating: %1</source>
        <translation>Generating: %1</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>Running…</translation>
    </message>
    <message>
        <source>sample</source>
        <translation>sample</translation>
    </message>
    <message>
        <source>Cancelling… (stops after the current network evaluation)</source>
        <translation>Cancelling… (stops after the current network evaluation)</translation>
    </message>
    <message>
        <source>%1 is loaded.

Choose a solver and press Generate (Ctrl+Enter).</source>
        <translation>%1 is loaded.

Choose a solver and press Generate (Ctrl+Enter).</translation>
    </message>
    <message>
        <source>Ready.</source>
        <translation>Ready.</translation>
    </message>
    <message>
        <source>Live: predicted x_0 after network evaluation %1 of %2 (t = %3) · %4</source>
        <translation>Live: predicted x_0 after network evaluation %1 of %2 (t = %3) · %4</translation>
    </message>
    <message>
        <source>Cancelled after %1 of %2 network evaluations: the latest predicted x_0 · %3</source>
        <translation>Cancelled after %1 of %2 network evaluations: the latest predicted x_0 · %3</translation>
    </message>
    <message>
        <source>Cancelled after %1 of %2 network evaluations.</source>
        <translation>Cancelled after %1 of %2 network evaluations.</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 · %2 network evaluations in %3 s</source>
        <translation>%1 · %2 network evaluations in %3 s</translation>
    </message>
    <message numerus="yes">
        <source>Done: %n image(s), first frame after %1 ms, all in %2 s.</source>
        <translation>
            <numerusform>Done: %n image, first frame after %1 ms, all in %2 s.</numerusform>
            <numerusform>Done: %n images, first frame after %1 ms, all in %2 s.</numerusform>
        </translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Failed: %1</translation>
    </message>
    <message>
        <source>Generation failed</source>
        <translation>Generation failed</translation>
    </message>
    <message>
        <source>Choose Gamma file…</source>
        <translation>Choose Gamma file…</translation>
    </message>
    <message>
        <source>Choose a Gamma file for Analytic-DPM</source>
        <translation>Choose a Gamma file for Analytic-DPM</translation>
    </message>
    <message>
        <source>Gamma files (*.pt *.pth);;All files (*)</source>
        <translation>Gamma files (*.pt *.pth);;All files (*)</translation>
    </message>
    <message>
        <source>Make Gamma file…</source>
        <translation>Make Gamma file…</translation>
    </message>
    <message>
        <source>The new choice of neurons applies to the next run.</source>
        <translation>The new choice of neurons applies to the next run.</translation>
    </message>
</context>
<context>
    <name>sdm::studio::GeneratePanel</name>
    <message>
        <source>Measured: demo model FD %1 (exact %2); CIFAR-10 network (T = 4, batch 16) at %3× the original code&apos;s speed on an AVX-512 CPU.</source>
        <translation>Measured: demo model FD %1 (exact %2); CIFAR-10 network (T = 4, batch 16) at %3× the original code&apos;s speed on an AVX-512 CPU.</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>Precision</translation>
    </message>
    <message>
        <source>The original code&apos;s arithmetic (fp32, NCHW): bit-identical to it.</source>
        <translation>The original code&apos;s arithmetic (fp32, NCHW): bit-identical to it.</translation>
    </message>
    <message>
        <source>fp32, channels-last, BatchNorm folded into the convs, IF over all SNN steps in one loop: the same network up to rounding.</source>
        <translation>fp32, channels-last, BatchNorm folded into the convs, IF over all SNN steps in one loop: the same network up to rounding.</translation>
    </message>
    <message>
        <source>Spike-input convs in bf16 (spikes are exact; weights are rounded to 8 bits of mantissa); analog layers stay fp32.</source>
        <translation>Spike-input convs in bf16 (spikes are exact; weights are rounded to 8 bits of mantissa); analog layers stay fp32.</translation>
    </message>
    <message>
        <source>Spike-input convs as uint8 spikes × int8 weights (one scale per output channel); analog layers stay fp32.</source>
        <translation>Spike-input convs as uint8 spikes × int8 weights (one scale per output channel); analog layers stay fp32.</translation>
    </message>
    <message>
        <source>Exact</source>
        <translation>Exact</translation>
    </message>
    <message>
        <source>Fast (fp32)</source>
        <translation>Fast (fp32)</translation>
    </message>
    <message>
        <source>bf16</source>
        <translation>bf16</translation>
    </message>
    <message>
        <source>int8</source>
        <translation>int8</translation>
    </message>
    <message>
        <source>Not available here: %1</source>
        <translation>Not available here: %1</translation>
    </message>
    <message>
        <source>How the network is computed. Every image, comparison cell and score records it; docs/performance.md has each mode&apos;s measured speed and quality.</source>
        <translation>How the network is computed. Every image, comparison cell and score records it; docs/performance.md has each mode&apos;s measured speed and quality.</translation>
    </message>
    <message>
        <source>DDPM (ancestral, every training timestep)</source>
        <translation>DDPM (ancestral, every training timestep)</translation>
    </message>
    <message>
        <source>DDPM, strided</source>
        <translation>DDPM, strided</translation>
    </message>
    <message>
        <source>DDIM</source>
        <translation>DDIM</translation>
    </message>
    <message>
        <source>Analytic-DPM</source>
        <translation>Analytic-DPM</translation>
    </message>
    <message>
        <source>DPM-Solver</source>
        <translation>DPM-Solver</translation>
    </message>
    <message>
        <source>DPM-Solver++</source>
        <translation>DPM-Solver++</translation>
    </message>
    <message>
        <source>Re-generate when a setting changes</source>
        <translation>Re-generate when a setting changes</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>Generate</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Diffusion steps of the sampler: how many network evaluations (NFE) it makes. Not the training timesteps, not the SNN time steps T.</source>
        <translation>Diffusion steps of the sampler: how many network evaluations (NFE) it makes. Not the training timesteps, not the SNN time steps T.</translation>
    </message>
    <message>
        <source>DDIM η: 0 is the original deterministic sampler, 1 is as noisy as DDPM</source>
        <translation>DDIM η: 0 is the original deterministic sampler, 1 is as noisy as DDPM</translation>
    </message>
    <message>
        <source>multistep</source>
        <translation>multistep</translation>
    </message>
    <message>
        <source>singlestep</source>
        <translation>singlestep</translation>
    </message>
    <message>
        <source>singlestep, fixed order</source>
        <translation>singlestep, fixed order</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>Gamma file (sdm-cli gamma)</source>
        <translation>Gamma file (sdm-cli gamma)</translation>
    </message>
    <message>
        <source>Choose a Gamma file for Analytic-DPM</source>
        <translation>Choose a Gamma file for Analytic-DPM</translation>
    </message>
    <message>
        <source>Gamma files (*.pt *.pth);;All files (*)</source>
        <translation>Gamma files (*.pt *.pth);;All files (*)</translation>
    </message>
    <message>
        <source>Image i of the batch uses seed + i, so an image does not depend on the batch size</source>
        <translation>Image i of the batch uses seed + i, so an image does not depend on the batch size</translation>
    </message>
    <message>
        <source>keep the seed</source>
        <translation>keep the seed</translation>
    </message>
    <message>
        <source>next batch (seed + batch size)</source>
        <translation>next batch (seed + batch size)</translation>
    </message>
    <message>
        <source>random seed</source>
        <translation>random seed</translation>
    </message>
    <message>
        <source>New</source>
        <translation>New</translation>
    </message>
    <message>
        <source>Draw a random seed now</source>
        <translation>Draw a random seed now</translation>
    </message>
    <message>
        <source>whole batch</source>
        <translation>whole batch</translation>
    </message>
    <message>
        <source>Images per network evaluation. 1: every image is independent of the batch. Whole batch: bit-identical to the original code&apos;s batched run.</source>
        <translation>Images per network evaluation. 1: every image is independent of the batch. Whole batch: bit-identical to the original code&apos;s batched run.</translation>
    </message>
    <message>
        <source>Solver</source>
        <translation>Solver</translation>
    </message>
    <message>
        <source>Diffusion steps (NFE)</source>
        <translation>Diffusion steps (NFE)</translation>
    </message>
    <message>
        <source>DDIM η</source>
        <translation>DDIM η</translation>
    </message>
    <message>
        <source>DPM-Solver order</source>
        <translation>DPM-Solver order</translation>
    </message>
    <message>
        <source>DPM-Solver method</source>
        <translation>DPM-Solver method</translation>
    </message>
    <message>
        <source>Time grid</source>
        <translation>Time grid</translation>
    </message>
    <message>
        <source>Gamma file</source>
        <translation>Gamma file</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <source>After each run</source>
        <translation>After each run</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>Batch size</translation>
    </message>
    <message>
        <source>Micro-batch</source>
        <translation>Micro-batch</translation>
    </message>
    <message>
        <source>Generate (Ctrl+Enter); a new request replaces a running one</source>
        <translation>Generate (Ctrl+Enter); a new request replaces a running one</translation>
    </message>
    <message>
        <source>Stop after the current network evaluation (Esc)</source>
        <translation>Stop after the current network evaluation (Esc)</translation>
    </message>
    <message>
        <source>%v / %m network evaluations</source>
        <translation>%v / %m network evaluations</translation>
    </message>
    <message>
        <source>uniform in time (default)</source>
        <translation>uniform in time (default)</translation>
    </message>
    <message>
        <source>quadratic in time</source>
        <translation>quadratic in time</translation>
    </message>
    <message>
        <source>uniform in log-SNR</source>
        <translation>uniform in log-SNR</translation>
    </message>
    <message>
        <source>the original integer grid</source>
        <translation>the original integer grid</translation>
    </message>
    <message>
        <source>uniform (the original)</source>
        <translation>uniform (the original)</translation>
    </message>
    <message>
        <source>quadratic</source>
        <translation>quadratic</translation>
    </message>
    <message>
        <source>DDPM always runs the model&apos;s training timesteps (%1): %1 network evaluations.</source>
        <translation>DDPM always runs the model&apos;s training timesteps (%1): %1 network evaluations.</translation>
    </message>
    <message numerus="yes">
        <source>%n network evaluation(s) (NFE)</source>
        <translation>
            <numerusform>%n network evaluation (NFE)</numerusform>
            <numerusform>%n network evaluations (NFE)</numerusform>
        </translation>
    </message>
    <message>
        <source>Open a checkpoint to generate.</source>
        <translation>Open a checkpoint to generate.</translation>
    </message>
    <message>
        <source>starting…</source>
        <translation>starting…</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 s elapsed, about %2 s left</source>
        <translation>%1 s elapsed, about %2 s left</translation>
    </message>
    <message>
        <source>Make…</source>
        <translation>Make…</translation>
    </message>
    <message>
        <source>Estimate a Gamma file for the loaded model and these steps (a job in the Jobs view)</source>
        <translation>Estimate a Gamma file for the loaded model and these steps (a job in the Jobs view)</translation>
    </message>
    <message>
        <source>Re-derive ε from the clamped x̂₀</source>
        <translation>Re-derive ε from the clamped x̂₀</translation>
    </message>
    <message>
        <source>Off: the original SDM sampler, which clamps x̂₀ to [−1, 1] but steps with the network&apos;s own ε. On: ε = (x_t − √ᾱ_t·x̂₀)/√(1−ᾱ_t) from the clamped x̂₀, as diffusers&apos; DDIMScheduler. Helps networks whose ε is imprecise at high noise (young SNNs).</source>
        <translation>Off: the original SDM sampler, which clamps x̂₀ to [−1, 1] but steps with the network&apos;s own ε. On: ε = (x_t − √ᾱ_t·x̂₀)/√(1−ᾱ_t) from the clamped x̂₀, as diffusers&apos; DDIMScheduler. Helps networks whose ε is imprecise at high noise (young SNNs).</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Ready</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>No model loaded</translation>
    </message>
</context>
<context>
    <name>sdm::studio::JobDialog</name>
    <message>
        <source>New training</source>
        <translation>New training</translation>
    </message>
    <message>
        <source>New TSM finetune</source>
        <translation>New TSM finetune</translation>
    </message>
    <message>
        <source>Checkpoints, metrics.jsonl and sample grids go here; a folder that already holds a run is resumed</source>
        <translation>Checkpoints, metrics.jsonl and sample grids go here; a folder that already holds a run is resumed</translation>
    </message>
    <message>
        <source>Run folder</source>
        <translation>Run folder</translation>
    </message>
    <message>
        <source>Spk_UNet checkpoint</source>
        <translation>Spk_UNet checkpoint</translation>
    </message>
    <message>
        <source>Start from weights</source>
        <translation>Start from weights</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>Dataset</translation>
    </message>
    <message>
        <source>default: the Debian Fashion-MNIST package</source>
        <translation>default: the Debian Fashion-MNIST package</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>Data folder</translation>
    </message>
    <message>
        <source>all images</source>
        <translation>all images</translation>
    </message>
    <message>
        <source>Use only the first N images</source>
        <translation>Use only the first N images</translation>
    </message>
    <message>
        <source>Base channels (ch)</source>
        <translation>Base channels (ch)</translation>
    </message>
    <message>
        <source>Channel multipliers (ch_mult)</source>
        <translation>Channel multipliers (ch_mult)</translation>
    </message>
    <message>
        <source>ResBlocks per level</source>
        <translation>ResBlocks per level</translation>
    </message>
    <message>
        <source>SNN time steps T</source>
        <translation>SNN time steps T</translation>
    </message>
    <message>
        <source>Image size</source>
        <translation>Image size</translation>
    </message>
    <message>
        <source>Total steps</source>
        <translation>Total steps</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>Batch</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>Learning rate</translation>
    </message>
    <message>
        <source>TSM learning rate</source>
        <translation>TSM learning rate</translation>
    </message>
    <message>
        <source>Warmup steps</source>
        <translation>Warmup steps</translation>
    </message>
    <message>
        <source>EMA copy of the weights</source>
        <translation>EMA copy of the weights</translation>
    </message>
    <message>
        <source>EMA decay</source>
        <translation>EMA decay</translation>
    </message>
    <message>
        <source>Checkpoint every N steps</source>
        <translation>Checkpoint every N steps</translation>
    </message>
    <message>
        <source>never</source>
        <translation>never</translation>
    </message>
    <message>
        <source>Sample grid every N steps</source>
        <translation>Sample grid every N steps</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <source>off (constant)</source>
        <translation>off (constant)</translation>
    </message>
    <message>
        <source>From this step the learning rate falls linearly to 0 at the last step: a cooldown that settles the weights of a short run.</source>
        <translation>From this step the learning rate falls linearly to 0 at the last step: a cooldown that settles the weights of a short run.</translation>
    </message>
    <message>
        <source>Learning-rate decay from step</source>
        <translation>Learning-rate decay from step</translation>
    </message>
    <message>
        <source>New ANN training (ANN→SNN conversion)</source>
        <translation>New ANN training (ANN→SNN conversion)</translation>
    </message>
    <message>
        <source>Quantized ReLUs with 2^bit levels; the converted SNN runs 2^bit − 1 time steps (32: plain ReLU, not convertible)</source>
        <translation>Quantized ReLUs with 2^bit levels; the converted SNN runs 2^bit − 1 time steps (32: plain ReLU, not convertible)</translation>
    </message>
    <message>
        <source>Activation bits</source>
        <translation>Activation bits</translation>
    </message>
    <message>
        <source>none: train from scratch</source>
        <translation>none: train from scratch</translation>
    </message>
    <message>
        <source>Progressive bit schedule (Fast-SNN: 32 → 4 → 3 → 2 bits): the previous stage&apos;s run folder or checkpoint. Its architecture and weights are taken over; its clipping values too, or calibrated from the data when it had plain ReLUs.</source>
        <translation>Progressive bit schedule (Fast-SNN: 32 → 4 → 3 → 2 bits): the previous stage&apos;s run folder or checkpoint. Its architecture and weights are taken over; its clipping values too, or calibrated from the data when it had plain ReLUs.</translation>
    </message>
    <message>
        <source>Start from a previous stage</source>
        <translation>Start from a previous stage</translation>
    </message>
    <message>
        <source>Its weights</source>
        <translation>Its weights</translation>
    </message>
</context>
<context>
    <name>sdm::studio::JobsController</name>
    <message>
        <source>Failed: %1</source>
        <translation>Failed: %1</translation>
    </message>
    <message>
        <source>&amp;Evaluate model…</source>
        <translation>&amp;Evaluate model…</translation>
    </message>
    <message>
        <source>Offline scores (FD, KID, IS analogue) of the loaded model with the Generate panel&apos;s solver, steps and seed</source>
        <translation>Offline scores (FD, KID, IS analogue) of the loaded model with the Generate panel&apos;s solver, steps and seed</translation>
    </message>
    <message>
        <source>New TSM finetune</source>
        <translation>New TSM finetune</translation>
    </message>
    <message>
        <source>The loaded model is already a Spk_UNet_TSM. Open a plain Spk_UNet checkpoint to finetune it with TSM.</source>
        <translation>The loaded model is already a Spk_UNet_TSM. Open a plain Spk_UNet checkpoint to finetune it with TSM.</translation>
    </message>
    <message>
        <source>Evaluate</source>
        <translation>Evaluate</translation>
    </message>
    <message>
        <source>Open a checkpoint first.</source>
        <translation>Open a checkpoint first.</translation>
    </message>
    <message>
        <source>Number of generated images N (FD, KID and the IS analogue become reliable from about 1000):</source>
        <translation>Number of generated images N (FD, KID and the IS analogue become reliable from about 1000):</translation>
    </message>
    <message>
        <source>Sampling or comparison run of this session</source>
        <translation>Sampling or comparison run of this session</translation>
    </message>
    <message>
        <source>Make &amp;Gamma file…</source>
        <translation>Make &amp;Gamma file…</translation>
    </message>
    <message>
        <source>Estimate Analytic-DPM&apos;s Gamma file for the loaded model and the Generate panel&apos;s steps; when done it becomes the Generate panel&apos;s Gamma file</source>
        <translation>Estimate Analytic-DPM&apos;s Gamma file for the loaded model and the Generate panel&apos;s steps; when done it becomes the Generate panel&apos;s Gamma file</translation>
    </message>
    <message>
        <source>Make Gamma file</source>
        <translation>Make Gamma file</translation>
    </message>
    <message>
        <source>&amp;Convert the loaded ANN to an SNN…</source>
        <translation>&amp;Convert the loaded ANN to an SNN…</translation>
    </message>
    <message>
        <source>ANN→SNN conversion (SDM&apos;s ANN2SNN): IF neurons at the learnt clipping values, 2^bit − 1 time steps; opens the converted model when done</source>
        <translation>ANN→SNN conversion (SDM&apos;s ANN2SNN): IF neurons at the learnt clipping values, 2^bit − 1 time steps; opens the converted model when done</translation>
    </message>
    <message>
        <source>Write the converted SNN</source>
        <translation>Write the converted SNN</translation>
    </message>
    <message>
        <source>Checkpoints (*.pt)</source>
        <translation>Checkpoints (*.pt)</translation>
    </message>
</context>
<context>
    <name>sdm::studio::MainWindow</name>
    <message>
        <source>Open &amp;recent</source>
        <translation>Open &amp;recent</translation>
    </message>
    <message>
        <source>Spiking Diffusion Studio</source>
        <translation>Spiking Diffusion Studio</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Images</translation>
    </message>
    <message>
        <source>Spikes</source>
        <translation>Spikes</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Compare</translation>
    </message>
    <message>
        <source>Loaded into Generate: %1</source>
        <translation>Loaded into Generate: %1</translation>
    </message>
    <message>
        <source>%1 — Spiking Diffusion Studio</source>
        <translation>%1 — Spiking Diffusion Studio</translation>
    </message>
    <message>
        <source>Exported %1</source>
        <translation>Exported %1</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>Generate</translation>
    </message>
    <message>
        <source>Jobs</source>
        <translation>Jobs</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Log</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>Open a checkpoint to begin (File ▸ Open checkpoint…, or drop a .pt file here).</source>
        <translation>Open a checkpoint to begin (File ▸ Open checkpoint…, or drop a .pt file here).</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;Open checkpoint…</source>
        <translation>&amp;Open checkpoint…</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Export</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Run</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>&amp;Generate</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>&amp;Cancel</translation>
    </message>
    <message>
        <source>Run &amp;comparison</source>
        <translation>Run &amp;comparison</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>&amp;Reset layout</source>
        <translation>&amp;Reset layout</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>&amp;About</translation>
    </message>
    <message>
        <source>About Spiking Diffusion Studio</source>
        <translation>About Spiking Diffusion Studio</translation>
    </message>
    <message>
        <source>&lt;b&gt;Spiking Diffusion Studio&lt;/b&gt; %1&lt;br&gt;Generate images with spiking diffusion models (SDDPM, SDM) and watch what their neurons do.&lt;br&gt;&lt;br&gt;Diffusion steps (NFE): network evaluations of a sampler. Training timesteps: the chain the model was trained on (1000). SNN time steps T: how often the spiking network runs per evaluation.</source>
        <translation>&lt;b&gt;Spiking Diffusion Studio&lt;/b&gt; %1&lt;br&gt;Generate images with spiking diffusion models (SDDPM, SDM) and watch what their neurons do.&lt;br&gt;&lt;br&gt;Diffusion steps (NFE): network evaluations of a sampler. Training timesteps: the chain the model was trained on (1000). SNN time steps T: how often the spiking network runs per evaluation.</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Main</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>The language changes when the studio starts again. Restart now?</source>
        <translation>The language changes when the studio starts again. Restart now?</translation>
    </message>
    <message>
        <source>New &amp;training…</source>
        <translation>New &amp;training…</translation>
    </message>
    <message>
        <source>New TSM &amp;finetune…</source>
        <translation>New TSM &amp;finetune…</translation>
    </message>
    <message>
        <source>New &amp;ANN training for conversion…</source>
        <translation>New &amp;ANN training for conversion…</translation>
    </message>
    <message>
        <source>Generate when the &amp;demo model opens</source>
        <translation>Generate when the &amp;demo model opens</translation>
    </message>
    <message>
        <source>Study</source>
        <translation>Study</translation>
    </message>
    <message>
        <source>Fine-tune the converted &amp;SNN…</source>
        <translation>Fine-tune the converted &amp;SNN…</translation>
    </message>
    <message>
        <source>ANN→SNN</source>
        <translation>ANN→SNN</translation>
    </message>
</context>
<context>
    <name>sdm::studio::ModelController</name>
    <message>
        <source>Open checkpoint</source>
        <translation>Open checkpoint</translation>
    </message>
    <message>
        <source>PyTorch checkpoints (*.pt *.pth *.ckpt);;All files (*)</source>
        <translation>PyTorch checkpoints (*.pt *.pth *.ckpt);;All files (*)</translation>
    </message>
    <message>
        <source>Could not open %1:

%2</source>
        <translation>Could not open %1:

%2</translation>
    </message>
    <message>
        <source>

The previous model (%1) stays loaded.</source>
        <translation>

The previous model (%1) stays loaded.</translation>
    </message>
    <message>
        <source>

No model is loaded.</source>
        <translation>

No model is loaded.</translation>
    </message>
    <message>
        <source>Could not open checkpoint</source>
        <translation>Could not open checkpoint</translation>
    </message>
    <message>
        <source>(no recent checkpoints)</source>
        <translation>(no recent checkpoints)</translation>
    </message>
    <message>
        <source>Clear the list</source>
        <translation>Clear the list</translation>
    </message>
</context>
<context>
    <name>sdm::studio::ModelPanel</name>
    <message>
        <source>Open checkpoint…</source>
        <translation>Open checkpoint…</translation>
    </message>
    <message>
        <source>Recent</source>
        <translation>Recent</translation>
    </message>
    <message>
        <source>EMA when present, else net</source>
        <translation>EMA when present, else net</translation>
    </message>
    <message>
        <source>net_model (raw weights)</source>
        <translation>net_model (raw weights)</translation>
    </message>
    <message>
        <source>ema_model (EMA weights)</source>
        <translation>ema_model (EMA weights)</translation>
    </message>
    <message>
        <source>SNN time steps T: how often the spiking network is run per network evaluation. A plain Spk_UNet can run at any T; a TSM model is tied to the T it was trained with.</source>
        <translation>SNN time steps T: how often the spiking network is run per network evaluation. A plain Spk_UNet can run at any T; a TSM model is tied to the T it was trained with.</translation>
    </message>
    <message>
        <source>IF firing threshold of every layer (threshold guidance); the models are trained at 1.0</source>
        <translation>IF firing threshold of every layer (threshold guidance); the models are trained at 1.0</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>Weights</translation>
    </message>
    <message>
        <source>SNN time steps T</source>
        <translation>SNN time steps T</translation>
    </message>
    <message>
        <source>Threshold θ</source>
        <translation>Threshold θ</translation>
    </message>
    <message>
        <source>This checkpoint holds only %1</source>
        <translation>This checkpoint holds only %1</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>Loading %1…</translation>
    </message>
    <message>
        <source>This model&apos;s IF thresholds are its learnt clipping values (act_alpha)</source>
        <translation>This model&apos;s IF thresholds are its learnt clipping values (act_alpha)</translation>
    </message>
</context>
<context>
    <name>sdm::studio::SnnFinetuneDialog</name>
    <message>
        <source>Fine-tune the converted SNN</source>
        <translation>Fine-tune the converted SNN</translation>
    </message>
    <message>
        <source>SDM&apos;s block-wise fine-tuning (SNN_ft.py): block by block, the SNN&apos;s output averaged over its T steps is matched to the quantized ANN&apos;s activations there. A cancelled run resumes from its ckpt.pt.</source>
        <translation>SDM&apos;s block-wise fine-tuning (SNN_ft.py): block by block, the SNN&apos;s output averaged over its T steps is matched to the quantized ANN&apos;s activations there. A cancelled run resumes from its ckpt.pt.</translation>
    </message>
    <message>
        <source>ckpt.pt, blocks/NN_&lt;block&gt;.pt, metrics.jsonl and finetuned_snn.pt go here; a folder that already holds a run is resumed</source>
        <translation>ckpt.pt, blocks/NN_&lt;block&gt;.pt, metrics.jsonl and finetuned_snn.pt go here; a folder that already holds a run is resumed</translation>
    </message>
    <message>
        <source>Run folder</source>
        <translation>Run folder</translation>
    </message>
    <message>
        <source>the train-ann checkpoint the SNN was converted from</source>
        <translation>the train-ann checkpoint the SNN was converted from</translation>
    </message>
    <message>
        <source>Quantized ANN</source>
        <translation>Quantized ANN</translation>
    </message>
    <message>
        <source>Its weights</source>
        <translation>Its weights</translation>
    </message>
    <message>
        <source>the converted S_UNet (Convert&apos;s output)</source>
        <translation>the converted S_UNet (Convert&apos;s output)</translation>
    </message>
    <message>
        <source>Converted SNN</source>
        <translation>Converted SNN</translation>
    </message>
    <message>
        <source>The time embedding and the head get one step, as the original</source>
        <translation>The time embedding and the head get one step, as the original</translation>
    </message>
    <message>
        <source>Steps per block</source>
        <translation>Steps per block</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>Batch</translation>
    </message>
    <message>
        <source>Adam, a fresh one per block</source>
        <translation>Adam, a fresh one per block</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>Learning rate</translation>
    </message>
    <message>
        <source>The tuner (the block&apos;s ANN form) runs in training mode in the original, so its dropout masks the gradient; 0 turns that off</source>
        <translation>The tuner (the block&apos;s ANN form) runs in training mode in the original, so its dropout masks the gradient; 0 turns that off</translation>
    </message>
    <message>
        <source>Tuner dropout</source>
        <translation>Tuner dropout</translation>
    </message>
    <message>
        <source>Clean images with t &lt; 2^bit − 1, as SNN_ft.py</source>
        <translation>Clean images with t &lt; 2^bit − 1, as SNN_ft.py</translation>
    </message>
    <message>
        <source>Off: noised x_t with t over all diffusion steps — what the model sees when it samples</source>
        <translation>Off: noised x_t with t over all diffusion steps — what the model sees when it samples</translation>
    </message>
    <message>
        <source>Inputs</source>
        <translation>Inputs</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>Dataset</translation>
    </message>
    <message>
        <source>default: the Debian Fashion-MNIST package</source>
        <translation>default: the Debian Fashion-MNIST package</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>Data folder</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <source>Choose the quantized ANN and its converted SNN.</source>
        <translation>Choose the quantized ANN and its converted SNN.</translation>
    </message>
    <message>
        <source>%1 is not a file.</source>
        <translation>%1 is not a file.</translation>
    </message>
</context>
<context>
    <name>sdm::studio::SnnFinetunePresenter</name>
    <message>
        <source>block %1 / %2 (%3) · step %4 / %5 · loss %6 · elapsed %7</source>
        <translation>block %1 / %2 (%3) · step %4 / %5 · loss %6 · elapsed %7</translation>
    </message>
    <message>
        <source>loading the ANN, the SNN and the training images</source>
        <translation>loading the ANN, the SNN and the training images</translation>
    </message>
    <message>
        <source>Paused — resume to continue from the run&apos;s ckpt.pt. %1</source>
        <translation>Paused — resume to continue from the run&apos;s ckpt.pt. %1</translation>
    </message>
    <message>
        <source>Cancelled at step %1; Resume continues from %2. %3</source>
        <translation>Cancelled at step %1; Resume continues from %2. %3</translation>
    </message>
    <message>
        <source>the run&apos;s ckpt.pt</source>
        <translation>the run&apos;s ckpt.pt</translation>
    </message>
    <message>
        <source>All %1 blocks tuned in %2</source>
        <translation>All %1 blocks tuned in %2</translation>
    </message>
    <message>
        <source>block %1 / %2 · loss %3</source>
        <translation>block %1 / %2 · loss %3</translation>
    </message>
    <message>
        <source>Fine-tuned SNN: %1 — open it to generate, compare it with the converted model, or evaluate it. Each block&apos;s model is in %2.</source>
        <translation>Fine-tuned SNN: %1 — open it to generate, compare it with the converted model, or evaluate it. Each block&apos;s model is in %2.</translation>
    </message>
</context>
<context>
    <name>sdm::studio::StudyController</name>
    <message>
        <source>Could not write %1</source>
        <translation>Could not write %1</translation>
    </message>
    <message>
        <source>&amp;Study…</source>
        <translation>&amp;Study…</translation>
    </message>
    <message>
        <source>Open s&amp;tudy…</source>
        <translation>Open s&amp;tudy…</translation>
    </message>
    <message>
        <source>Score every combination of models, solvers, step counts, IF thresholds and precisions (FD, KID, IS analogue, time and energy per image) as a job</source>
        <translation>Score every combination of models, solvers, step counts, IF thresholds and precisions (FD, KID, IS analogue, time and energy per image) as a job</translation>
    </message>
    <message>
        <source>Show a study folder (study.json) in the Study view</source>
        <translation>Show a study folder (study.json) in the Study view</translation>
    </message>
    <message>
        <source>Open study folder</source>
        <translation>Open study folder</translation>
    </message>
    <message>
        <source>Open study</source>
        <translation>Open study</translation>
    </message>
    <message>
        <source>Export study table</source>
        <translation>Export study table</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Export plot</source>
        <translation>Export plot</translation>
    </message>
    <message>
        <source>PDF document (*.pdf);;PNG image (*.png)</source>
        <translation>PDF document (*.pdf);;PNG image (*.png)</translation>
    </message>
    <message>
        <source>Export study report</source>
        <translation>Export study report</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG image (*.png)</translation>
    </message>
    <message>
        <source>%1 holds no study table</source>
        <translation>%1 holds no study table</translation>
    </message>
    <message>
        <source>No study is shown.</source>
        <translation>No study is shown.</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>Could not write %1: %2</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export failed</translation>
    </message>
</context>
<context>
    <name>sdm::studio::StudyDialog</name>
    <message>
        <source>KID (needs the real test images)</source>
        <translation>KID (needs the real test images)</translation>
    </message>
    <message>
        <source>New study</source>
        <translation>New study</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>Add…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Add models</source>
        <translation>Add models</translation>
    </message>
    <message>
        <source>Checkpoints (*.pt *.pth)</source>
        <translation>Checkpoints (*.pt *.pth)</translation>
    </message>
    <message>
        <source>Comma-separated diffusion step counts, e.g. 5, 10, 20, 50</source>
        <translation>Comma-separated diffusion step counts, e.g. 5, 10, 20, 50</translation>
    </message>
    <message>
        <source>Comma-separated IF thresholds θ (1: as trained; SDM&apos;s threshold guidance uses slightly less, e.g. 0.997)</source>
        <translation>Comma-separated IF thresholds θ (1: as trained; SDM&apos;s threshold guidance uses slightly less, e.g. 0.997)</translation>
    </message>
    <message>
        <source>Images per cell (FD becomes reliable from about 1000)</source>
        <translation>Images per cell (FD becomes reliable from about 1000)</translation>
    </message>
    <message>
        <source>Image i of every cell starts from seed + i</source>
        <translation>Image i of every cell starts from seed + i</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>Study folder</source>
        <translation>Study folder</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Models</translation>
    </message>
    <message>
        <source>Solvers</source>
        <translation>Solvers</translation>
    </message>
    <message>
        <source>Diffusion steps</source>
        <translation>Diffusion steps</translation>
    </message>
    <message>
        <source>IF thresholds θ</source>
        <translation>IF thresholds θ</translation>
    </message>
    <message>
        <source>Precisions</source>
        <translation>Precisions</translation>
    </message>
    <message>
        <source>Images per cell N</source>
        <translation>Images per cell N</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <source>Output folder</source>
        <translation>Output folder</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Start</translation>
    </message>
    <message numerus="yes">
        <source>%n cell(s)</source>
        <translation>
            <numerusform>%n cell</numerusform>
            <numerusform>%n cells</numerusform>
        </translation>
    </message>
    <message>
        <source>Add at least one model.</source>
        <translation>Add at least one model.</translation>
    </message>
    <message>
        <source>No such checkpoint: %1</source>
        <translation>No such checkpoint: %1</translation>
    </message>
    <message>
        <source>Choose at least one solver.</source>
        <translation>Choose at least one solver.</translation>
    </message>
    <message>
        <source>Diffusion steps: &apos;%1&apos; is not a whole number from 1 to 100000.</source>
        <translation>Diffusion steps: &apos;%1&apos; is not a whole number from 1 to 100000.</translation>
    </message>
    <message>
        <source>Give at least one diffusion step count.</source>
        <translation>Give at least one diffusion step count.</translation>
    </message>
    <message>
        <source>IF thresholds: &apos;%1&apos; is not a number in (0, 10].</source>
        <translation>IF thresholds: &apos;%1&apos; is not a number in (0, 10].</translation>
    </message>
    <message>
        <source>Give at least one IF threshold.</source>
        <translation>Give at least one IF threshold.</translation>
    </message>
    <message>
        <source>Choose at least one precision.</source>
        <translation>Choose at least one precision.</translation>
    </message>
    <message>
        <source>Choose an output folder.</source>
        <translation>Choose an output folder.</translation>
    </message>
    <message>
        <source>More than 10000 cells: narrow an axis.</source>
        <translation>More than 10000 cells: narrow an axis.</translation>
    </message>
</context>
<context>
    <name>sdm::studio::StudyPresenter</name>
    <message>
        <source>Stopped after %1 of %2 cells; the table keeps them and Resume runs the rest.</source>
        <translation>Stopped after %1 of %2 cells; the table keeps them and Resume runs the rest.</translation>
    </message>
    <message>
        <source>%1 cells scored</source>
        <translation>%1 cells scored</translation>
    </message>
    <message>
        <source>cell %1 / %2 · elapsed %3</source>
        <translation>cell %1 / %2 · elapsed %3</translation>
    </message>
    <message>
        <source>cell %1 / %2 · %3 · elapsed %4</source>
        <translation>cell %1 / %2 · %3 · elapsed %4</translation>
    </message>
    <message>
        <source>%1 / %2 cells</source>
        <translation>%1 / %2 cells</translation>
    </message>
    <message>
        <source>Study table %1/study.json — shown in the Study tab.</source>
        <translation>Study table %1/study.json — shown in the Study tab.</translation>
    </message>
</context>
<context>
    <name>sdm::studio::TrainingPresenter</name>
    <message>
        <source>step %1 / %2 · loss %3 · %4 img/s · elapsed %5</source>
        <translation>step %1 / %2 · loss %3 · %4 img/s · elapsed %5</translation>
    </message>
    <message>
        <source>Paused — resume to continue from the newest checkpoint. %1</source>
        <translation>Paused — resume to continue from the newest checkpoint. %1</translation>
    </message>
    <message>
        <source>Cancelled at step %1 (checkpoint %2). %3</source>
        <translation>Cancelled at step %1 (checkpoint %2). %3</translation>
    </message>
    <message>
        <source>loss %1 at step %2</source>
        <translation>loss %1 at step %2</translation>
    </message>
</context>
<context>
    <name>sdm::widgets::CompareGridView</name>
    <message>
        <source>running…</source>
        <translation>running…</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>waiting</translation>
    </message>
</context>
<context>
    <name>sdm::widgets::ConversionView</name>
    <message>
        <source>Convert the ANN…</source>
        <translation>Convert the ANN…</translation>
    </message>
    <message>
        <source>Fine-tune the SNN…</source>
        <translation>Fine-tune the SNN…</translation>
    </message>
    <message>
        <source>Evaluate selected…</source>
        <translation>Evaluate selected…</translation>
    </message>
    <message>
        <source>Open selected</source>
        <translation>Open selected</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>Bits → T · check · tuning</source>
        <translation>Bits → T · check · tuning</translation>
    </message>
    <message>
        <source>FD</source>
        <translation>FD</translation>
    </message>
    <message>
        <source>KID</source>
        <translation>KID</translation>
    </message>
    <message>
        <source>IS analogue</source>
        <translation>IS analogue</translation>
    </message>
    <message>
        <source>Confident</source>
        <translation>Confident</translation>
    </message>
    <message>
        <source>Class entropy</source>
        <translation>Class entropy</translation>
    </message>
    <message>
        <source>Scored with</source>
        <translation>Scored with</translation>
    </message>
    <message>
        <source>IF neurons at the ANN&apos;s learnt clipping values, 2^bit − 1 steps</source>
        <translation>IF neurons at the ANN&apos;s learnt clipping values, 2^bit − 1 steps</translation>
    </message>
    <message>
        <source>SDM&apos;s block-wise fine-tuning of the converted SNN against the ANN</source>
        <translation>SDM&apos;s block-wise fine-tuning of the converted SNN against the ANN</translation>
    </message>
    <message>
        <source>Scores of the selected model with the Generate panel&apos;s solver, steps and seed</source>
        <translation>Scores of the selected model with the Generate panel&apos;s solver, steps and seed</translation>
    </message>
    <message>
        <source>%1 (not yet)</source>
        <translation>%1 (not yet)</translation>
    </message>
    <message>
        <source>N = %1 · %2</source>
        <translation>N = %1 · %2</translation>
    </message>
    <message>
        <source>not evaluated</source>
        <translation>not evaluated</translation>
    </message>
    <message>
        <source>Evaluate at least two of the models (same N, solver, steps and seed) to compare them here.</source>
        <translation>Evaluate at least two of the models (same N, solver, steps and seed) to compare them here.</translation>
    </message>
    <message>
        <source>The scores were made with different settings (N, solver, steps, seed or extractor): evaluate them alike to compare.</source>
        <translation>The scores were made with different settings (N, solver, steps, seed or extractor): evaluate them alike to compare.</translation>
    </message>
    <message>
        <source>%1 → %2: FD %3 → %4 (%5)</source>
        <translation>%1 → %2: FD %3 → %4 (%5)</translation>
    </message>
</context>
<context>
    <name>sdm::widgets::EnergyView</name>
    <message>
        <source>SNN</source>
        <translation>SNN</translation>
    </message>
    <message>
        <source>ANN</source>
        <translation>ANN</translation>
    </message>
    <message>
        <source>ratio</source>
        <translation>ratio</translation>
    </message>
    <message>
        <source>ops</source>
        <translation>ops</translation>
    </message>
    <message>
        <source>ANN baseline: the same U-Net without spikes</source>
        <translation>ANN baseline: the same U-Net without spikes</translation>
    </message>
    <message>
        <source>SNN energy / ANN energy</source>
        <translation>SNN energy / ANN energy</translation>
    </message>
    <message>
        <source>Synaptic operations (SOPs) plus multiply-accumulates (MACs)</source>
        <translation>Synaptic operations (SOPs) plus multiply-accumulates (MACs)</translation>
    </message>
    <message>
        <source>One network evaluation of one image at the chosen diffusion step</source>
        <translation>One network evaluation of one image at the chosen diffusion step</translation>
    </message>
    <message>
        <source>Every network evaluation of one image</source>
        <translation>Every network evaluation of one image</translation>
    </message>
    <message>
        <source>Every network evaluation of every image of the run</source>
        <translation>Every network evaluation of every image of the run</translation>
    </message>
    <message>
        <source>&lt;b&gt;Energy estimate&lt;/b&gt;</source>
        <translation>&lt;b&gt;Energy estimate&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Compute only: SOPs × E_AC for layers fed by spikes, MACs × E_MAC for layers fed by analog values. ANN baseline: the same U-Net without spikes, every layer dense, once.</source>
        <translation>Compute only: SOPs × E_AC for layers fed by spikes, MACs × E_MAC for layers fed by analog values. ANN baseline: the same U-Net without spikes, every layer dense, once.</translation>
    </message>
    <message>
        <source>one network evaluation of one image at the chosen diffusion step</source>
        <translation>one network evaluation of one image at the chosen diffusion step</translation>
    </message>
    <message numerus="yes">
        <source>%n network evaluation(s) of one image</source>
        <translation>
            <numerusform>%n network evaluation of one image</numerusform>
            <numerusform>%n network evaluations of one image</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n image(s)</source>
        <translation>
            <numerusform>%n image</numerusform>
            <numerusform>%n images</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Costs: %1 (E_MAC %2 pJ, E_AC %3 pJ). Run: %n image(s).</source>
        <translation>
            <numerusform>Costs: %1 (E_MAC %2 pJ, E_AC %3 pJ). Run: %n image.</numerusform>
            <numerusform>Costs: %1 (E_MAC %2 pJ, E_AC %3 pJ). Run: %n images.</numerusform>
        </translation>
    </message>
    <message>
        <source>Step, 1 image</source>
        <translation>Step, 1 image</translation>
    </message>
    <message>
        <source>Run, 1 image</source>
        <translation>Run, 1 image</translation>
    </message>
    <message>
        <source>Run, all</source>
        <translation>Run, all</translation>
    </message>
</context>
<context>
    <name>sdm::widgets::ImagesPage</name>
    <message>
        <source>Zoom ×</source>
        <translation>Zoom ×</translation>
    </message>
    <message>
        <source>Nearest-neighbour zoom of the images (Ctrl + mouse wheel on the grid)</source>
        <translation>Nearest-neighbour zoom of the images (Ctrl + mouse wheel on the grid)</translation>
    </message>
</context>
<context>
    <name>sdm::widgets::JobListModel</name>
    <message>
        <source>queued</source>
        <translation>queued</translation>
    </message>
    <message>
        <source>running</source>
        <translation>running</translation>
    </message>
    <message>
        <source>done</source>
        <translation>done</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>cancelled</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>failed</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>Job</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Progress</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Started</translation>
    </message>
    <message>
        <source>paused — resume</source>
        <translation>paused — resume</translation>
    </message>
</context>
<context>
    <name>sdm::widgets::JobsView</name>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Resume</translation>
    </message>
    <message>
        <source>Open run folder</source>
        <translation>Open run folder</translation>
    </message>
    <message>
        <source>Evaluate model…</source>
        <translation>Evaluate model…</translation>
    </message>
    <message>
        <source>New training…</source>
        <translation>New training…</translation>
    </message>
    <message>
        <source>New TSM finetune…</source>
        <translation>New TSM finetune…</translation>
    </message>
    <message>
        <source>Finetune the loaded Spk_UNet as Spk_UNet_TSM</source>
        <translation>Finetune the loaded Spk_UNet as Spk_UNet_TSM</translation>
    </message>
    <message>
        <source>Offline scores (FD, KID, IS analogue) of the loaded model with the Generate panel&apos;s solver, steps and seed</source>
        <translation>Offline scores (FD, KID, IS analogue) of the loaded model with the Generate panel&apos;s solver, steps and seed</translation>
    </message>
    <message>
        <source>No sample grid yet</source>
        <translation>No sample grid yet</translation>
    </message>
    <message>
        <source>Sample grids of the run, by training step</source>
        <translation>Sample grids of the run, by training step</translation>
    </message>
    <message>
        <source>Select a job to see its progress.</source>
        <translation>Select a job to see its progress.</translation>
    </message>
    <message>
        <source>Cannot read %1</source>
        <translation>Cannot read %1</translation>
    </message>
    <message>
        <source>step %1</source>
        <translation>step %1</translation>
    </message>
    <message>
        <source>Make Gamma file…</source>
        <translation>Make Gamma file…</translation>
    </message>
    <message>
        <source>Estimate Analytic-DPM&apos;s Gamma file for the loaded model and the Generate panel&apos;s steps</source>
        <translation>Estimate Analytic-DPM&apos;s Gamma file for the loaded model and the Generate panel&apos;s steps</translation>
    </message>
    <message>
        <source>Remove from list</source>
        <translation>Remove from list</translation>
    </message>
    <message>
        <source>Forget this job; its run folder, checkpoints and results stay on disk</source>
        <translation>Forget this job; its run folder, checkpoints and results stay on disk</translation>
    </message>
</context>
<context>
    <name>sdm::widgets::LayerPicker</name>
    <message>
        <source>Stem · %1</source>
        <translation>Stem · %1</translation>
    </message>
    <message>
        <source>Down path · %1</source>
        <translation>Down path · %1</translation>
    </message>
    <message>
        <source>Middle · %1</source>
        <translation>Middle · %1</translation>
    </message>
    <message>
        <source>Up path · %1</source>
        <translation>Up path · %1</translation>
    </message>
    <message>
        <source>Tail · %1</source>
        <translation>Tail · %1</translation>
    </message>
</context>
<context>
    <name>sdm::widgets::LogView</name>
    <message>
        <source>Messages of the core (model loading, runs, warnings) appear here.</source>
        <translation>Messages of the core (model loading, runs, warnings) appear here.</translation>
    </message>
    <message>
        <source>debug and above</source>
        <translation>debug and above</translation>
    </message>
    <message>
        <source>info and above</source>
        <translation>info and above</translation>
    </message>
    <message>
        <source>warnings and errors</source>
        <translation>warnings and errors</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Show</translation>
    </message>
</context>
<context>
    <name>sdm::widgets::LossPlot</name>
    <message>
        <source>loss</source>
        <translation>loss</translation>
    </message>
    <message>
        <source>smoothed</source>
        <translation>smoothed</translation>
    </message>
    <message>
        <source>step</source>
        <translation>step</translation>
    </message>
    <message>
        <source>Exponential smoothing of the loss curve (0: raw)</source>
        <translation>Exponential smoothing of the loss curve (0: raw)</translation>
    </message>
    <message>
        <source>Smoothing</source>
        <translation>Smoothing</translation>
    </message>
    <message>
        <source>log scale</source>
        <translation>log scale</translation>
    </message>
    <message>
        <source>Logarithmic loss axis (on by itself for losses in blocks of their own scale)</source>
        <translation>Logarithmic loss axis (on by itself for losses in blocks of their own scale)</translation>
    </message>
</context>
<context>
    <name>sdm::widgets::MembraneView</name>
    <message>
        <source>Membrane potential</source>
        <translation>Membrane potential</translation>
    </message>
    <message>
        <source>SNN time step t</source>
        <translation>SNN time step t</translation>
    </message>
    <message>
        <source>spike</source>
        <translation>spike</translation>
    </message>
    <message>
        <source>neuron %1</source>
        <translation>neuron %1</translation>
    </message>
    <message>
        <source>Membrane potential, threshold θ = %1</source>
        <translation>Membrane potential, threshold θ = %1</translation>
    </message>
    <message>
        <source>V before reset</source>
        <translation>V before reset</translation>
    </message>
</context>
<context>
    <name>sdm::widgets::ModelInfoView</name>
    <message>
        <source>default; the file does not store it</source>
        <translation>default; the file does not store it</translation>
    </message>
    <message>
        <source>from the checkpoint</source>
        <translation>from the checkpoint</translation>
    </message>
    <message>
        <source>from the studio&apos;s metadata in the file</source>
        <translation>from the studio&apos;s metadata in the file</translation>
    </message>
    <message>
        <source>from flagfile.txt beside the checkpoint</source>
        <translation>from flagfile.txt beside the checkpoint</translation>
    </message>
    <message>
        <source>chosen by you</source>
        <translation>chosen by you</translation>
    </message>
    <message>
        <source>No model loaded.

Open a checkpoint (.pt, as written by the SDDPM / SDM training scripts) with File ▸ Open checkpoint…, drag it onto this window, or start the studio with --checkpoint FILE.</source>
        <translation>No model loaded.

Open a checkpoint (.pt, as written by the SDDPM / SDM training scripts) with File ▸ Open checkpoint…, drag it onto this window, or start the studio with --checkpoint FILE.</translation>
    </message>
    <message>
        <source>File</source>
        <translation>File</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>Architecture</translation>
    </message>
    <message>
        <source>Weights in the file</source>
        <translation>Weights in the file</translation>
    </message>
    <message>
        <source>Loaded weights</source>
        <translation>Loaded weights</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameters</translation>
    </message>
    <message>
        <source>SNN time steps T</source>
        <translation>SNN time steps T</translation>
    </message>
    <message>
        <source>Training timesteps</source>
        <translation>Training timesteps</translation>
    </message>
    <message>
        <source>IF layers</source>
        <translation>IF layers</translation>
    </message>
    <message>
        <source>Dense cost</source>
        <translation>Dense cost</translation>
    </message>
    <message>
        <source>Training step</source>
        <translation>Training step</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>%1: ch %2, ch_mult [%3], %4 res block(s) per level, %5 image channel(s), %6×%6</source>
        <translation>%1: ch %2, ch_mult [%3], %4 res block(s) per level, %5 image channel(s), %6×%6</translation>
    </message>
    <message>
        <source>net_model</source>
        <translation>net_model</translation>
    </message>
    <message>
        <source>ema_model (EMA)</source>
        <translation>ema_model (EMA)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <source>%1 (%2 tensors)</source>
        <translation>%1 (%2 tensors)</translation>
    </message>
    <message>
        <source>%1 (%2)%3</source>
        <translation>%1 (%2)%3</translation>
    </message>
    <message>
        <source>; free to change</source>
        <translation>; free to change</translation>
    </message>
    <message>
        <source>; fixed by the TSM weights</source>
        <translation>; fixed by the TSM weights</translation>
    </message>
    <message>
        <source>%1 (the diffusion chain the model was trained on)</source>
        <translation>%1 (the diffusion chain the model was trained on)</translation>
    </message>
    <message>
        <source>%1 GFLOP per image per network evaluation (dense, all SNN time steps)</source>
        <translation>%1 GFLOP per image per network evaluation (dense, all SNN time steps)</translation>
    </message>
    <message>
        <source>not stored</source>
        <translation>not stored</translation>
    </message>
    <message>
        <source>none: an ANN (convert it to spike)</source>
        <translation>none: an ANN (convert it to spike)</translation>
    </message>
    <message>
        <source>not estimated for this model</source>
        <translation>not estimated for this model</translation>
    </message>
</context>
<context>
    <name>sdm::widgets::RateHeatmapView</name>
    <message>
        <source>Firing rate per layer and diffusion step</source>
        <translation>Firing rate per layer and diffusion step</translation>
    </message>
    <message>
        <source>firing rate</source>
        <translation>firing rate</translation>
    </message>
    <message>
        <source>diffusion step (network evaluation, first = noisiest)</source>
        <translation>diffusion step (network evaluation, first = noisiest)</translation>
    </message>
    <message>
        <source>IF layer</source>
        <translation>IF layer</translation>
    </message>
</context>
<context>
    <name>sdm::widgets::SpikeRasterView</name>
    <message>
        <source>Spike raster</source>
        <translation>Spike raster</translation>
    </message>
    <message>
        <source>Spike raster — generate to record spikes</source>
        <translation>Spike raster — generate to record spikes</translation>
    </message>
    <message>
        <source>Whole run</source>
        <translation>Whole run</translation>
    </message>
    <message>
        <source>One diffusion step</source>
        <translation>One diffusion step</translation>
    </message>
    <message>
        <source>Whole run: every SNN time step of every diffusion step, side by side (wheel: zoom, drag: pan). One diffusion step: the same plot zoomed to the current step.</source>
        <translation>Whole run: every SNN time step of every diffusion step, side by side (wheel: zoom, drag: pan). One diffusion step: the same plot zoomed to the current step.</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>Fit</translation>
    </message>
    <message>
        <source>Show the whole run</source>
        <translation>Show the whole run</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <source>Save this raster as PNG or PDF</source>
        <translation>Save this raster as PNG or PDF</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Show</translation>
    </message>
    <message>
        <source>neuron (of those followed)</source>
        <translation>neuron (of those followed)</translation>
    </message>
    <message>
        <source>%1: %2 of %3 neurons, %4 spikes</source>
        <translation>%1: %2 of %3 neurons, %4 spikes</translation>
    </message>
    <message>
        <source>SNN time over the run (diffusion step %1 of %2: time steps %3 … %4)</source>
        <translation>SNN time over the run (diffusion step %1 of %2: time steps %3 … %4)</translation>
    </message>
    <message>
        <source>SNN time over the run (diffusion step k covers k·T … k·T + T − 1, T = %1)</source>
        <translation>SNN time over the run (diffusion step k covers k·T … k·T + T − 1, T = %1)</translation>
    </message>
</context>
<context>
    <name>sdm::widgets::SpikesPage</name>
    <message>
        <source>IF layer</source>
        <translation>IF layer</translation>
    </message>
    <message>
        <source>Energy costs</source>
        <translation>Energy costs</translation>
    </message>
    <message>
        <source>45 nm FP32</source>
        <translation>45 nm FP32</translation>
    </message>
    <message>
        <source>45 nm FP16</source>
        <translation>45 nm FP16</translation>
    </message>
    <message>
        <source>45 nm INT8</source>
        <translation>45 nm INT8</translation>
    </message>
    <message>
        <source>Diffusion step</source>
        <translation>Diffusion step</translation>
    </message>
    <message>
        <source>Scrub the diffusion steps: raster, membrane traces and energy follow</source>
        <translation>Scrub the diffusion steps: raster, membrane traces and energy follow</translation>
    </message>
    <message>
        <source>%1 of %2 · t = %3</source>
        <translation>%1 of %2 · t = %3</translation>
    </message>
    <message>
        <source>no run yet</source>
        <translation>no run yet</translation>
    </message>
    <message>
        <source>Spike raster — open a checkpoint and generate</source>
        <translation>Spike raster — open a checkpoint and generate</translation>
    </message>
    <message>
        <source>c%1 y%2 x%3</source>
        <translation>c%1 y%2 x%3</translation>
    </message>
    <message>
        <source>Sample</source>
        <translation>Sample</translation>
    </message>
    <message>
        <source>The image of the batch whose spikes the raster and traces follow</source>
        <translation>The image of the batch whose spikes the raster and traces follow</translation>
    </message>
    <message>
        <source>Neurons</source>
        <translation>Neurons</translation>
    </message>
    <message>
        <source>random sample</source>
        <translation>random sample</translation>
    </message>
    <message>
        <source>most active</source>
        <translation>most active</translation>
    </message>
    <message>
        <source>one channel</source>
        <translation>one channel</translation>
    </message>
    <message>
        <source>Which neurons of each layer the raster follows: 256 chosen at random (seeded, the same at every step), the 256 that fired most in the last run, or every neuron of one channel. A new choice records the last run again.</source>
        <translation>Which neurons of each layer the raster follows: 256 chosen at random (seeded, the same at every step), the 256 that fired most in the last run, or every neuron of one channel. A new choice records the last run again.</translation>
    </message>
    <message>
        <source>c </source>
        <translation>c </translation>
    </message>
    <message>
        <source>The channel followed in every layer that has it</source>
        <translation>The channel followed in every layer that has it</translation>
    </message>
    <message>
        <source>Membrane potential</source>
        <translation>Membrane potential</translation>
    </message>
    <message>
        <source>Energy estimate</source>
        <translation>Energy estimate</translation>
    </message>
    <message>
        <source>%1 · image %2 · %3</source>
        <translation>%1 · image %2 · %3</translation>
    </message>
    <message>
        <source>seeded random</source>
        <translation>seeded random</translation>
    </message>
    <message>
        <source>channel %1</source>
        <translation>channel %1</translation>
    </message>
</context>
<context>
    <name>sdm::widgets::StudyView</name>
    <message>
        <source>Load settings into Generate</source>
        <translation>Load settings into Generate</translation>
    </message>
    <message>
        <source>Table CSV…</source>
        <translation>Table CSV…</translation>
    </message>
    <message>
        <source>The study table as CSV (study.csv)</source>
        <translation>The study table as CSV (study.csv)</translation>
    </message>
    <message>
        <source>FD–NFE plot…</source>
        <translation>FD–NFE plot…</translation>
    </message>
    <message>
        <source>The FD against NFE plot as PNG or PDF</source>
        <translation>The FD against NFE plot as PNG or PDF</translation>
    </message>
    <message>
        <source>FD–energy plot…</source>
        <translation>FD–energy plot…</translation>
    </message>
    <message>
        <source>The FD against energy plot as PNG or PDF</source>
        <translation>The FD against energy plot as PNG or PDF</translation>
    </message>
    <message>
        <source>Report PNG…</source>
        <translation>Report PNG…</translation>
    </message>
    <message>
        <source>One page: both plots and every parameter of the study</source>
        <translation>One page: both plots and every parameter of the study</translation>
    </message>
    <message>
        <source>network evaluations (NFE, log scale)</source>
        <translation>network evaluations (NFE, log scale)</translation>
    </message>
    <message>
        <source>energy per image (mJ)</source>
        <translation>energy per image (mJ)</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Table</translation>
    </message>
    <message>
        <source>Heat table</source>
        <translation>Heat table</translation>
    </message>
    <message>
        <source>Set the Generate panel&apos;s solver, steps, θ, precision and seed to this cell&apos;s (and open its checkpoint when another one is loaded)</source>
        <translation>Set the Generate panel&apos;s solver, steps, θ, precision and seed to this cell&apos;s (and open its checkpoint when another one is loaded)</translation>
    </message>
    <message>
        <source>No study shown. Run ▸ Study… sweeps solvers, steps, thresholds and precisions; File ▸ Open study… shows a study folder.</source>
        <translation>No study shown. Run ▸ Study… sweeps solvers, steps, thresholds and precisions; File ▸ Open study… shows a study folder.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Study&lt;/b&gt; %1 — %2 of %3 cells scored, N %4 images per cell</source>
        <translation>&lt;b&gt;Study&lt;/b&gt; %1 — %2 of %3 cells scored, N %4 images per cell</translation>
    </message>
    <message>
        <source>Pareto front (lowest FD for its energy)</source>
        <translation>Pareto front (lowest FD for its energy)</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>model</source>
        <translation>model</translation>
    </message>
    <message>
        <source>solver</source>
        <translation>solver</translation>
    </message>
    <message>
        <source>steps</source>
        <translation>steps</translation>
    </message>
    <message>
        <source>θ</source>
        <translation>θ</translation>
    </message>
    <message>
        <source>prec.</source>
        <translation>prec.</translation>
    </message>
    <message>
        <source>status</source>
        <translation>status</translation>
    </message>
    <message>
        <source>NFE</source>
        <translation>NFE</translation>
    </message>
    <message>
        <source>FD</source>
        <translation>FD</translation>
    </message>
    <message>
        <source>KID</source>
        <translation>KID</translation>
    </message>
    <message>
        <source>IS</source>
        <translation>IS</translation>
    </message>
    <message>
        <source>s/image</source>
        <translation>s/image</translation>
    </message>
    <message>
        <source>mJ/image</source>
        <translation>mJ/image</translation>
    </message>
    <message numerus="yes">
        <source>The heat table needs exactly two axes that vary; this study varies %n.</source>
        <translation>
            <numerusform>The heat table needs exactly two axes that vary; this study varies %n.</numerusform>
            <numerusform>The heat table needs exactly two axes that vary; this study varies %n.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 by row, %2 by column; colour: %3 from low (green) to high (red)</source>
        <translation>%1 by row, %2 by column; colour: %3 from low (green) to high (red)</translation>
    </message>
    <message>
        <source>Click a point or a row to see that cell&apos;s images.</source>
        <translation>Click a point or a row to see that cell&apos;s images.</translation>
    </message>
    <message>
        <source>(no grid image)</source>
        <translation>(no grid image)</translation>
    </message>
    <message>
        <source>NFE %1 · %2 = %3</source>
        <translation>NFE %1 · %2 = %3</translation>
    </message>
    <message>
        <source>KID %1 ± %2</source>
        <translation>KID %1 ± %2</translation>
    </message>
    <message>
        <source>IS analogue %1 · class entropy %2</source>
        <translation>IS analogue %1 · class entropy %2</translation>
    </message>
    <message>
        <source>%1 s per image · %2 mJ per image (ANN %3 mJ)</source>
        <translation>%1 s per image · %2 mJ per image (ANN %3 mJ)</translation>
    </message>
    <message>
        <source>Study %1 — %2 of %3 cells scored</source>
        <translation>Study %1 — %2 of %3 cells scored</translation>
    </message>
    <message>
        <source>Every parameter of the study (its fingerprint: models, axes, N, seed, weights, solver extras)</source>
        <translation>Every parameter of the study (its fingerprint: models, axes, N, seed, weights, solver extras)</translation>
    </message>
</context>
<context>
    <name>sdm::widgets::TrajectoryView</name>
    <message>
        <source>Scrub through the diffusion steps (network evaluations) of the run</source>
        <translation>Scrub through the diffusion steps (network evaluations) of the run</translation>
    </message>
    <message>
        <source>Diffusion step</source>
        <translation>Diffusion step</translation>
    </message>
    <message>
        <source>%1 of %2 · t = %3</source>
        <translation>%1 of %2 · t = %3</translation>
    </message>
    <message>
        <source>no run yet</source>
        <translation>no run yet</translation>
    </message>
    <message>
        <source>x_t (noisy input)</source>
        <translation>x_t (noisy input)</translation>
    </message>
    <message>
        <source>x_0 (predicted clean image)</source>
        <translation>x_0 (predicted clean image)</translation>
    </message>
    <message>
        <source>x_t</source>
        <translation>x_t</translation>
    </message>
    <message>
        <source>x_0</source>
        <translation>x_0</translation>
    </message>
</context>
</TS>
