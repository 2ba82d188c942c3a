# Settings of the myproject project, written by loom. build_prj.tcl reads them; so does hls4ml's
# report reader (hls4ml.report.read_vivado_report), which takes `set project_name "..."` and
# `set backend "..."` from this file to find myproject_prj and its solutions.
variable project_name
set project_name "myproject"
variable backend
set backend "vivado"
variable part
set part "xcvu13p-flga2577-2-e"
variable clock_period
set clock_period 5
variable clock_uncertainty
set clock_uncertainty 12.5%
variable maximum_size
set maximum_size 4096
# build_prj.tcl fifo_profile=1 (io_stream): every FIFO this deep while co-simulation profiles
# them, so that none stalls (0: an io_parallel project, which has no FIFOs).
variable fifo_profile_depth
set fifo_profile_depth 0
