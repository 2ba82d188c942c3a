# Vitis HLS / Vivado HLS script for myproject, written by loom. Options, each =0 or =1, one per
# argument or several in one quoted argument:
#   vitis_hls -f build_prj.tcl "csim=1 synth=1 cosim=0 export=0"
#   vitis-run --mode hls --tcl build_prj.tcl          (Vitis 2023.2 and later)
#   vivado_hls -f build_prj.tcl csim=1 synth=1
# reset=1 starts the project afresh. The settings (part, clock) are in project.tcl.
set tcldir [file dirname [info script]]
source [file join $tcldir project.tcl]

array set opt {reset 0 csim 1 synth 1 cosim 0 export 0}
foreach arg $::argv {
  foreach item [regexp -all -inline {\S+} $arg] {
    if {![regexp {^([a-z]+)=(.*)$} $item -> key value] || ![info exists opt($key)] ||
        ![string is boolean -strict $value]} {
      set known {}
      foreach k [lsort [array names opt]] { lappend known "$k=0|1" }
      puts stderr "build_prj.tcl: '$item' is not an option; the options are [join $known {, }]"
      exit 1
    }
    set opt($key) [expr {$value ? 1 : 0}]
  }
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

if {$opt(csim)} { csim_design }
if {$opt(synth)} { csynth_design }
if {$opt(cosim)} { cosim_design }
if {$opt(export)} { export_design -format ip_catalog }
exit
