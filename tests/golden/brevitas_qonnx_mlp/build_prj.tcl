# Vitis HLS / Vivado HLS script for myproject, written by loom.
#   vitis_hls -f build_prj.tcl [csim=1] [synth=1] [cosim=0] [export=0]
#   vivado_hls -f build_prj.tcl ...   (the same options)
array set opt {csim 1 synth 1 cosim 0 export 0}
foreach arg $::argv {
  foreach {key value} [split $arg =] {
    if {[info exists opt($key)]} { set opt($key) $value }
  }
}

open_project -reset myproject_prj
set_top myproject
add_files firmware/myproject.cpp -cflags "-std=c++14 -Ifirmware -Ifirmware/loom"
add_files -tb myproject_test.cpp -cflags "-std=c++14 -Ifirmware -Ifirmware/loom"
add_files -tb tb_data
open_solution -reset solution1
set_part {xcvu13p-flga2577-2-e}
create_clock -period 5 -name default

if {$opt(csim)} { csim_design }
if {$opt(synth)} { csynth_design }
if {$opt(cosim)} { cosim_design }
if {$opt(export)} { export_design -format ip_catalog }
exit
