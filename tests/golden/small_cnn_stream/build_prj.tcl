# Vitis HLS / Vivado HLS script for myproject, written by loom. Options, each =0 or =1, one per
# argument or several in one quoted argument:
#   vitis_hls -f build_prj.tcl "csim=1 synth=1 cosim=0 export=0"
#   vitis-run --mode hls --tcl build_prj.tcl          (Vitis 2023.2 and later)
#   vivado_hls -f build_prj.tcl csim=1 synth=1
# reset=1 starts the project afresh. The settings (part, clock) are in project.tcl.
# fifo_profile=1 (io_stream, Vitis HLS): every FIFO made deep (fifo_profile_depth in project.tcl),
# synthesized, and co-simulated with dataflow profiling; then `loom fifo-import .` prints the most
# beats each FIFO held beside loom's depths (and --apply writes them):
#   vitis_hls -f build_prj.tcl "reset=1 csim=0 fifo_profile=1"
set tcldir [file dirname [info script]]
source [file join $tcldir project.tcl]

array set opt {reset 0 csim 1 synth 1 cosim 0 export 0 fifo_profile 0}
foreach arg $::argv {
  foreach item [regexp -all -inline {\S+} $arg] {
    if {![regexp {^([a-z_]+)=(.*)$} $item -> key value] || ![info exists opt($key)] ||
        ![string is boolean -strict $value]} {
      set known {}
      foreach k [lsort [array names opt]] { lappend known "$k=0|1" }
      puts stderr "build_prj.tcl: '$item' is not an option; the options are [join $known {, }]"
      exit 1
    }
    set opt($key) [expr {$value ? 1 : 0}]
  }
}

if {$opt(fifo_profile)} {
  if {$fifo_profile_depth == 0} {
    puts stderr "build_prj.tcl: fifo_profile=1 needs an io_stream project (this one has no FIFOs)"
    exit 1
  }
  # Profiling needs the synthesized design and its co-simulation.
  set opt(synth) 1
  set opt(cosim) 1
}

if {$opt(reset)} {
  open_project -reset ${project_name}_prj
} else {
  open_project ${project_name}_prj
}
set_top ${project_name}
# The kernels are C++11: -std=c++0x is what Vivado HLS's bundled gcc 4.6 knows it as.
add_files firmware/${project_name}.cpp -cflags "-std=c++0x -Ifirmware -Ifirmware/loom"
add_files -tb ${project_name}_test.cpp -cflags "-std=c++0x -Ifirmware -Ifirmware/loom"
add_files -tb tb_data
if {$opt(reset)} {
  open_solution -reset solution1
} else {
  open_solution solution1
}
# Vivado HLS refuses complete partitions above maximum_size elements unless told; Vitis HLS has no
# such limit and no such option (hence catch).
catch {config_array_partition -maximum_size $maximum_size}
config_compile -name_max_length 80
set_part $part
create_clock -period $clock_period -name default
set_clock_uncertainty $clock_uncertainty default

if {$opt(fifo_profile)} {
  # Every STREAM depth overridden (UG1399, config_dataflow), so that no FIFO stalls the run whose
  # occupancy is being measured.
  if {[catch {config_dataflow -override_user_fifo_depth $fifo_profile_depth} msg]} {
    puts stderr "build_prj.tcl: fifo_profile=1 needs Vitis HLS (config_dataflow\
                 -override_user_fifo_depth): $msg"
    exit 1
  }
}
if {$opt(csim)} { csim_design }
if {$opt(synth)} { csynth_design }
if {$opt(cosim)} {
  if {$opt(fifo_profile)} {
    # Channel occupancy tracked during co-simulation (UG1399, cosim_design); the tool writes it
    # under ${project_name}_prj/solution1/.autopilot/db (channel_info.csv, channel_depth_info/).
    cosim_design -enable_dataflow_profiling
    puts "build_prj.tcl: FIFO profile written; compare it with loom's depths: loom fifo-import ."
  } else {
    cosim_design
  }
}
if {$opt(export)} { export_design -format ip_catalog }
exit
